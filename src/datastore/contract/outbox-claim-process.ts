/**
 * A separate process for sqlite.outbox-processes.test.ts: waits until every process has booted, then
 * claims mail from one SQLite file until none is due, and prints as JSON the ids it got and when
 * its first and last claims returned (so the test can prove the two processes really overlapped).
 * Usage: node --import tsx outbox-claim-process.ts <file> <index> <count>
 */
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqliteDatastore } from '../sqlite.js';

const [filename = '', index = '0', count = '1'] = process.argv.slice(2);
const store = await createSqliteDatastore({ filename, busyTimeoutMs: 20_000 });
// A start barrier of marker files: booting tsx can take seconds on a busy machine, so a start
// time agreed in advance is no guarantee; every process polls until all have booted.
writeFileSync(`${filename}.ready-${index}`, '');
const markers = Array.from({ length: Number(count) }, (_, n) => `${filename}.ready-${n}`);
while (!markers.every((marker) => existsSync(marker))) await sleep(2);
const ids: number[] = [];
let firstClaimAt = 0;
let lastClaimAt = 0;
for (;;) {
  const batch = await store.claimDueMail(1_000, 2, 60_000);
  if (batch.length === 0) {
    break;
  }
  lastClaimAt = Date.now();
  if (firstClaimAt === 0) firstClaimAt = lastClaimAt;
  ids.push(...batch.map((entry) => entry.id));
  // A real worker sends the batch before claiming more; without this pause one process holds
  // the write lock back-to-back and SQLite's busy back-off starves the other, so no race happens.
  await sleep(3);
}
await store.close();
process.stdout.write(JSON.stringify({ ids, firstClaimAt, lastClaimAt }));
