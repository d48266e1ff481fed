/**
 * A separate process for sqlite.outbox-processes.test.ts: waits for a shared start time, then
 * claims mail from one SQLite file until none is due, and prints the ids it got as JSON.
 * Usage: node --import tsx outbox-claim-process.ts <file> <startAtMs>
 */
import { createSqliteDatastore } from '../sqlite.js';

const [filename = '', startAt = '0'] = process.argv.slice(2);
const store = await createSqliteDatastore({ filename, busyTimeoutMs: 20_000 });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const ids: number[] = [];
for (;;) {
  const batch = await store.claimDueMail(1_000, 2, 60_000);
  if (batch.length === 0) {
    break;
  }
  ids.push(...batch.map((entry) => entry.id));
}
await store.close();
process.stdout.write(JSON.stringify(ids));
