import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDatastore } from './sqlite.js';

const run = promisify(execFile);

/** What each claiming process prints (outbox-claim-process.ts). */
interface ClaimReport {
  readonly ids: number[];
  readonly firstClaimAt: number;
  readonly lastClaimAt: number;
}
const WORKER = fileURLToPath(new URL('./contract/outbox-claim-process.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('SQLite outbox shared by several processes', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'barbican-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('never hands one message to two processes claiming at the same time', async () => {
    const filename = join(dir, 'outbox.db');
    const store = await createSqliteDatastore({ filename });
    const enqueued: number[] = [];
    await store.transaction(async (tx) => {
      for (let n = 0; n < 200; n += 1) {
        enqueued.push(
          await tx.enqueueMail(
            { to: `u${n}@example.com`, subject: 's', text: 't', html: 'h', kind: 'k' },
            1_000,
          ),
        );
      }
    });
    await store.close();
    // Both start claiming once both have booted (a barrier in the worker).
    const outputs = await Promise.all(
      [0, 1].map((index) =>
        run(process.execPath, ['--import', 'tsx', WORKER, filename, String(index), '2'], {
          cwd: REPO,
          timeout: 60_000,
        }),
      ),
    );
    const perProcess = outputs.map(({ stdout }) => JSON.parse(stdout) as ClaimReport);
    // The race really happened: both processes got mail, each while the other was still claiming.
    const [first, second] = perProcess as [ClaimReport, ClaimReport];
    expect(first.ids.length).toBeGreaterThan(0);
    expect(second.ids.length).toBeGreaterThan(0);
    expect(first.firstClaimAt).toBeLessThanOrEqual(second.lastClaimAt);
    expect(second.firstClaimAt).toBeLessThanOrEqual(first.lastClaimAt);
    const claimed = perProcess.flatMap((report) => report.ids);
    expect(claimed.length).toBe(new Set(claimed).size);
    expect(claimed.sort((a, b) => a - b)).toEqual(enqueued);
  });
});
