/**
 * Known versus unknown addresses under generic responses: medians of alternating requests to
 * /reset, /confirm and /recover-username, in process, on a file-backed SQLite database (so each
 * commit pays its WAL write, as in production). Run with `npx tsx bench/generic-timing.ts [rounds]`.
 * The gap is (unknown - known) / known; equal work puts it near 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteDatastore } from '../src/datastore/sqlite.js';
import { createTestSecurity } from '../src/testing/create-test-security.js';
import type { TestClient } from '../src/testing/test-client.js';
import { median } from './stats.js';

const ROUNDS = Number(process.argv[2] ?? 200);
const KNOWN = 'known@example.com';
const UNKNOWN = 'unknown@example.com';
const PENDING = 'pending@example.com';

const dir = mkdtempSync(join(tmpdir(), 'barbican-generic-'));
const t = await createTestSecurity({
  datastore: await createSqliteDatastore({ filename: join(dir, 'bench.db') }),
  mailer: { send: async () => {} },
  mailWorker: { autoStart: process.env.WORKER === '1' },
  config: {
    recoverable: true,
    confirmable: true,
    usernameEnable: true,
    usernameRecovery: true,
    returnGenericResponses: true,
  },
});
const known = await t.createUser(KNOWN, 'a good password 1');
await t.datastore.updateUser(known, { username: 'known' });
await t.createUser(PENDING, 'a good password 2', { confirmed: false });

async function timedPost(client: TestClient, path: string, email: string, csrf: unknown): Promise<number> {
  const start = process.hrtime.bigint();
  const res = await client.post(path, { json: { email, csrf_token: csrf } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return elapsed;
}

/** Alternates the two addresses so drift (GC, the mail worker, the disk) hits both alike. */
async function measure(path: string, hit: string, miss: string) {
  const client = t.client();
  const csrf = (await client.getJson(path)).body.csrf_token;
  for (let i = 0; i < 20; i++) await timedPost(client, path, i % 2 ? hit : miss, csrf);
  const hits: number[] = [];
  const misses: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    hits.push(await timedPost(client, path, hit, csrf));
    misses.push(await timedPost(client, path, miss, csrf));
  }
  const [h, m] = [median(hits), median(misses)];
  return { path, known: h.toFixed(3), unknown: m.toFixed(3), gap: `${(((m - h) / h) * 100).toFixed(1)} %` };
}

try {
  console.table([
    await measure('/reset', KNOWN, UNKNOWN),
    await measure('/confirm', PENDING, UNKNOWN),
    await measure('/recover-username', KNOWN, UNKNOWN),
  ]);
  console.log(`medians in ms over ${ROUNDS} alternating pairs, in process, SQLite file in ${tmpdir()}`);
} finally {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
}
