import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/services/free-port.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SECRET_KEY = 'process-test-secret-key-0123456789abcdef';
const children = new Set<ChildProcess>();
let dir: string;

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface SpawnedDemo {
  readonly child: ChildProcess;
  readonly exited: Promise<Exited>;
  /** Resolves when stdout has printed this exact line; rejects if the process exits first. */
  waitForLine(line: string): Promise<void>;
}

/** `node --import tsx demo/main.ts`, as `npm start` runs it, with only the given variables. */
function spawnDemo(env: Record<string, string>): SpawnedDemo {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<Exited>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  const waitForLine = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.split('\n').includes(line)) resolve();
      };
      child.stdout?.on('data', check);
      check();
      exited.then(({ code }) => reject(new Error(`demo exited with ${code} before "${line}": ${stderr}`)));
    });
  return { child, exited, waitForLine };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'barbican-demo-process-'));
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo as a process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints its URL, serves /api/public and exits 0 on %s',
    async (signal) => {
      const port = await freePort();
      const { child, exited, waitForLine } = spawnDemo({ PORT: String(port), SECRET_KEY });
      await waitForLine(`Barbican demo on http://127.0.0.1:${port} (hono, sqlite)`);
      const res = await fetch(`http://127.0.0.1:${port}/api/public`);
      expect(await res.json()).toEqual({ ok: true, user: null });
      child.kill(signal);
      const { code, stderr } = await exited;
      expect(code).toBe(0);
      expect(stderr).toBe('');
    },
  );

  it('shuts down cleanly on a SIGTERM that arrives during start-up', async () => {
    const { child, exited, waitForLine } = spawnDemo({ PORT: String(await freePort()), SECRET_KEY });
    await waitForLine('Mail: no SMTP_URL, so mail is printed here and kept on /dev/outbox.');
    child.kill('SIGTERM');
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it.each([
    ['PORT', { PORT: 'eighty', SECRET_KEY }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root:hunter2@db/app', SECRET_KEY }],
    ['SECURITY_TOKEN_MAX_AGE', { SECURITY_TOKEN_MAX_AGE: 'forever', SECRET_KEY }],
    ['SECRET_KEY', { SECRET_KEY: 'hunter2-is-too-short' }],
    ['HOST', { HOST: '0.0.0.0', SECRET_KEY }],
  ])('exits 2 with one stderr line naming %s, no stack and no secret', async (variable, env) => {
    const { code, stdout, stderr } = await spawnDemo(env).exited;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(variable);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain('hunter2');
  });
});
