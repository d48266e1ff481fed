/** Limits in Redis: shared by every Security (process) on it, and surviving an outage and the recovery. */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect } from 'vitest';
import { JOE } from '../../test/fixtures/demo-routes.js';
import { type LimitedApp, limitedApp } from '../../test/fixtures/rate-limited-app.js';
import { itWithRedis, redisKeyPrefix, redisUrl } from '../../test/fixtures/redis.js';
import { freePort } from '../../test/services/free-port.js';
import { createMemoryCounterStore } from './memory-counter-store.js';
import { connectRedis } from './redis-connection.js';
import { createRedisCounterStore } from './redis-counter-store.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A TCP relay to the run's redis-server that a test can cut and restore (an outage it controls). */
async function relay(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const target = new URL(redisUrl());
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = async (): Promise<void> => {
    server = createServer((inbound) => {
      const outbound = connect(Number(target.port), target.hostname);
      for (const s of [inbound, outbound]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  };
  const cut = async (): Promise<void> => {
    const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const s of sockets) s.destroy();
    await closing;
    server = null;
  };
  await listen();
  cleanups.push(cut);
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen };
}

async function until(condition: () => boolean, ms = 8000): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('rate limits in Redis', () => {
  itWithRedis('are counted across Securities sharing the server, as across processes', async () => {
    const config = {
      redisUrl: redisUrl(),
      rateLimitRedisPrefix: redisKeyPrefix(),
      rateLimitIdentityIpAttempts: 3,
    };
    const a: LimitedApp = await limitedApp(config);
    const b: LimitedApp = await limitedApp(config);
    cleanups.push(
      () => a.t.close(),
      () => b.t.close(),
    );
    const wrong = { email: JOE.email, password: 'wrong' };
    expect((await a.post('/login', wrong)).status).toBe(400);
    expect((await b.post('/login', wrong)).status).toBe(400);
    expect((await a.post('/login', wrong)).status).toBe(400);
    expect((await b.post('/login', JOE)).status).toBe(429);
  });

  itWithRedis(
    'fall back to memory in an outage (one log line, no error) and return to Redis after',
    async () => {
      const link = await relay();
      const lines: string[] = [];
      const connection = connectRedis({ url: link.url, log: (line) => lines.push(line) });
      const store = createRedisCounterStore({
        connection,
        fallback: createMemoryCounterStore({ maxKeys: 100 }),
        keyPrefix: redisKeyPrefix(),
      });
      cleanups.push(() => store.close());
      expect((await store.increment('k', 60_000)).count).toBe(1);
      expect((await store.increment('k', 60_000)).count).toBe(2);

      await link.cut();
      await until(() => lines.length === 1);
      // In memory now: a fresh window, but a limit all the same.
      for (let i = 1; i <= 3; i++) expect((await store.increment('k', 60_000)).count).toBe(i);
      expect(lines).toEqual([expect.stringMatching(/Redis unavailable.*counting in process memory/)]);

      await link.restore();
      await until(() => lines.length === 2);
      expect(lines[1]).toMatch(/Redis is back/);
      // Redis kept its window: counting goes on from there.
      expect((await store.increment('k', 60_000)).count).toBe(3);
    },
  );
});
