/**
 * Starts bench/server.ts in a child process and guarantees it dies with the bench: stop() on the
 * normal path, a kill on exit, signals or errors, and the child also exits when its stdin closes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Framework = 'hono' | 'express';

export interface ChildServer {
  readonly framework: Framework;
  /** Always http://127.0.0.1:<port>. */
  readonly origin: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./server.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const running = new Set<ChildProcess>();

// SIGTERM, so a child still removes its temporary database (its stdin closing does the same).
function killAll(): void {
  for (const child of running) child.kill('SIGTERM');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** `cpuProfileDir`: run the child with --cpu-prof, the profile written there when it stops. */
export function startChildServer(
  framework: Framework,
  options: { cpuProfileDir?: string } = {},
): Promise<ChildServer> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER_SCRIPT, framework, '0'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<ChildServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench server (${framework}) not ready after ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    let buffered = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('BENCH_READY '));
      if (!line) return;
      clearTimeout(timer);
      const { port } = JSON.parse(line.slice('BENCH_READY '.length)) as { port: number };
      resolve({ framework, origin: `http://127.0.0.1:${port}`, pid: child.pid ?? -1, stop });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bench server (${framework}) exited before ready: ${code ?? signal}`));
    });
  });
}
