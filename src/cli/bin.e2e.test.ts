import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatastore } from '../datastore/open-datastore.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/barbican.js', import.meta.url));

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/barbican.js …` as a user would, with only DATABASE_URL and PATH set. */
async function barbican(args: readonly string[], databaseUrl: string): Promise<ProcessResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : -1,
      stdout: failure.stdout ?? '',
      stderr: failure.stderr ?? '',
    };
  }
}

describe('bin/barbican.js as a child process', () => {
  let dir = '';
  let databaseUrl = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'barbican-bin-'));
    databaseUrl = `sqlite:${join(dir, 'app.db')}`;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a user, prints one line and exits 0', async () => {
    const result = await barbican(
      ['users', 'create', 'joe@example.com', '--password', 'correct horse battery staple'],
      databaseUrl,
    );

    expect(result).toEqual({ code: 0, stdout: 'User joe@example.com created.\n', stderr: '' });
    const store = await openDatastore(databaseUrl);
    try {
      expect(await store.findUserByIdentity('email', 'joe@example.com')).toMatchObject({ active: true });
    } finally {
      await store.close();
    }
  });

  it('refuses a weak password with exit code 1 and no stack trace', async () => {
    const result = await barbican(['users', 'create', 'amy@example.com', '--password', 'short'], databaseUrl);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'barbican: Password refused: Password must be at least 8 characters.\n',
    });
  });

  it('prints --help to stdout and exits 0', async () => {
    const result = await barbican(['--help'], databaseUrl);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: barbican <group> <command>/);
    expect(result.stderr).toBe('');
  });
});
