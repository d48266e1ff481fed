/**
 * Real Node processes for the cluster tests (demo servers, migrators, the CLI): spawned with only
 * the given variables, their output kept, waitable by line, and killed when the file ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<Exited>;
  stdout(): string;
  /** Resolves with the first stdout line matching; rejects if the process exits first. */
  waitForLine(match: RegExp): Promise<string>;
}

const running = new Set<ChildProcess>();

/** `node --import tsx <script> ...args` from the repository root. */
export function spawnTs(script: string, args: readonly string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<Exited>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitForLine = (match: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = stdout.split('\n').find((candidate) => match.test(candidate));
        if (line !== undefined) resolve(line);
      };
      child.stdout?.on('data', check);
      check();
      void exited.then(({ code }) =>
        reject(new Error(`${script} exited with ${code} before ${match}: ${stderr}`)),
      );
    });
  return { child, exited, stdout: () => stdout, waitForLine };
}

/** For afterAll: whatever a failed test left running is killed, never leaked. */
export function killAllSpawned(): void {
  for (const child of running) child.kill('SIGKILL');
}
