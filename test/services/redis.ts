/**
 * A throw-away redis-server for the test run: no persistence, listening only on 127.0.0.1 at a
 * free port, its directory removed at the end. Test files share it and keep apart by key prefix
 * (`test/fixtures/redis.ts`), so no test flushes another's keys.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RedisService {
  /** `redis://127.0.0.1:PORT` of the run's server. */
  readonly url: string;
  /** Stops the server; `start()` brings it back on the same port (outage tests). */
  stop(): Promise<void>;
}

function findServer(): string | null {
  const override = process.env.REDIS_SERVER;
  if (override !== undefined && override !== '') {
    return existsSync(override) ? override : null;
  }
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync) ?? null;
}

function unavailable(reason: string): null {
  if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`Redis is required (REQUIRE_SERVICES=1) but ${reason}`);
  }
  console.warn(
    `\n!!! Redis tests will be SKIPPED: ${reason}.\n!!! Install redis-server or set REDIS_SERVER; REQUIRE_SERVICES=1 makes this fatal.\n`,
  );
  return null;
}

/** Resolves once something accepts TCP connections on the port, or rejects after `ms`. */
async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`redis-server did not listen on ${port} within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts a redis-server on a free port, or returns null (loudly) when it is not installed. */
export async function startRedis(): Promise<RedisService | null> {
  const binary = findServer();
  if (binary === null) {
    return unavailable('no redis-server in /usr/bin or /usr/local/bin');
  }
  const dir = await mkdtemp(join(tmpdir(), 'barbican-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      binary,
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        ...['--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      ],
      { stdio: 'ignore' },
    );
    try {
      await waitForPort(port, 10_000);
      // A killed vitest never reaches teardown: the server dies with its parent's process group
      // only if it is not detached, which it is not; unref keeps it from holding the loop open.
      child.unref();
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          child.kill('SIGTERM');
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      child.kill('SIGKILL');
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('Could not start redis-server', { cause: lastError });
}
