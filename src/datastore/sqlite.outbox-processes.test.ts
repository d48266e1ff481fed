import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDatastore } from './sqlite.js';

const run = promisify(execFile);
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
    // Both start claiming at one instant, after each has had time to boot.
    const startAt = String(Date.now() + 3_000);
    const outputs = await Promise.all(
      [0, 1].map(() =>
        run(process.execPath, ['--import', 'tsx', WORKER, filename, startAt], { cwd: REPO, timeout: 60_000 }),
      ),
    );
    const perProcess = outputs.map(({ stdout }) => JSON.parse(stdout) as number[]);
    const claimed = perProcess.flat();
    expect(claimed.length).toBe(new Set(claimed).size);
    expect(claimed.sort((a, b) => a - b)).toEqual(enqueued);
  });
});
