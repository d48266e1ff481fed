/** The bounded hashing queue seen through each adapter over a real socket: 503 at once, aborts dropped. */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExpressDemoApp } from '../../demo/express-app.js';
import { createHonoDemoApp } from '../../demo/hono-app.js';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import { freePort } from '../../test/services/free-port.js';
import { currentState } from '../context.js';
import { createPasswordHasher } from '../passwords/argon2-hasher.js';
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  type LimiterRunOptions,
} from '../passwords/concurrency-limiter.js';
import type { TestSecurity } from '../testing/create-test-security.js';

/** One hashing slot and one queue place; counts the hashes actually run and keeps their signals. */
function countingLimiter() {
  const inner = createConcurrencyLimiter(1, { maxQueue: 1, retryAfterSeconds: 2 });
  const signals: AbortSignal[] = [];
  let executed = 0;
  const limiter: ConcurrencyLimiter = {
    run<T>(fn: () => Promise<T>, options?: LimiterRunOptions): Promise<T> {
      if (options?.signal) signals.push(options.signal);
      return inner.run(() => {
        executed += 1;
        return fn();
      }, options);
    },
  };
  return { limiter, signals, executed: () => executed };
}

function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

async function loginPage(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/login`, { headers: { accept: 'application/json' } });
  const body = (await res.json()) as { response: { csrf_token: string } };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0])
    .join('; ');
  return { cookie, csrf: body.response.csrf_token };
}

function postLogin(url: string, page: { cookie: string; csrf: string }, signal?: AbortSignal) {
  return fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: page.cookie },
    body: JSON.stringify({ ...JOE, csrf_token: page.csrf }),
    ...(signal ? { signal } : {}),
  });
}

for (const framework of ['hono', 'express'] as const) {
  describe(`${framework}: the hashing queue bound`, () => {
    let t: TestSecurity;
    let server: Server;
    let url: string;
    let counting: ReturnType<typeof countingLimiter>;

    beforeEach(async () => {
      counting = countingLimiter();
      const passwordHasher = createPasswordHasher({
        argon2: { memoryCost: 256, timeCost: 1, parallelism: 1 },
        limiter: counting.limiter,
        abortSignal: () => currentState()?.request.signal,
      });
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      t = await createDemoSecurity({ passwordHasher, config: { externalUrl: url } });
      // The warm-up dummy hash is done before the test holds the slot.
      await passwordHasher.verifyDummy('warm');
      const options = { freshWithinSeconds: 60 };
      if (framework === 'hono') {
        server = serve({
          fetch: createHonoDemoApp(t.security, options).fetch,
          port,
          hostname: '127.0.0.1',
        }) as Server;
      } else {
        server = createExpressDemoApp(t.security, options).listen(port, '127.0.0.1');
      }
      if (!server.listening) await once(server, 'listening');
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    });

    it('answers a login past the bound at once with 503, Retry-After and the JSON envelope', async () => {
      const held = gate();
      const slot = counting.limiter.run(() => held.promise);
      const queued = counting.limiter.run(async () => {});
      const page = await loginPage(url);
      const res = await postLogin(url, page);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(await res.json()).toMatchObject({ meta: { code: 503 } });
      held.open();
      await Promise.all([slot, queued]);
    });

    it('answers Basic auth past the bound with 503, not 500', async () => {
      const held = gate();
      const slot = counting.limiter.run(() => held.promise);
      const queued = counting.limiter.run(async () => {});
      const res = await fetch(`${url}/api/basic`, {
        headers: {
          accept: 'text/html',
          authorization: `Basic ${Buffer.from(`${JOE.email}:${JOE.password}`).toString('base64')}`,
        },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('content-type')).toContain('text/html');
      held.open();
      await Promise.all([slot, queued]);
    });

    it('drops a waiting login whose client went away: it is never hashed', async () => {
      const held = gate();
      const slot = counting.limiter.run(() => held.promise);
      const page = await loginPage(url);
      const client = new AbortController();
      const signalsBefore = counting.signals.length;
      const abandoned = postLogin(url, page, client.signal).catch(() => 'aborted');
      while (counting.signals.length === signalsBefore) await new Promise((r) => setTimeout(r, 5));
      const serverSide = counting.signals[signalsBefore];
      if (!serverSide) throw new Error('the login reached the hasher without a signal');
      client.abort();
      expect(await abandoned).toBe('aborted');
      // The adapter's request signal fires on the disconnect (this waits for it, or times out).
      if (!serverSide.aborted) await once(serverSide, 'abort');
      const executedBefore = counting.executed();
      held.open();
      await slot;
      const res = await postLogin(url, await loginPage(url));
      expect(res.status).toBe(200);
      // Only the later login's verify ran; the abandoned one left the queue unhashed.
      expect(counting.executed() - executedBefore).toBe(1);
    });
  });
}
