/**
 * The server under test, run in its own process so the load generator never shares its event loop:
 * `tsx bench/server.ts <hono|express> <port>` (port 0 picks a free one). It serves the demo routes
 * on 127.0.0.1 over a temporary SQLite file with the production argon2id parameters, seeds one
 * user, prints `BENCH_READY {"port":…}` and exits when stdin closes or on SIGTERM/SIGINT.
 *
 * The bare and unguarded rows are served by apps of their own (bench/comparison-apps.ts): the
 * framework alone, and the framework with only barbican() in front of the same handler.
 *
 * Bench-only: GET /__bench/verify?count=N runs N password verifies at once through the very
 * hasher (and so the same concurrency limiter) that login uses, and answers the rate and the CPU
 * time spent; GET /__bench/cpu answers the process's CPU time so far.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getRequestListener } from '@hono/node-server';
import { createExpressDemoApp } from '../demo/express-app.js';
import { createHonoDemoApp } from '../demo/hono-app.js';
import { createSqliteDatastore } from '../src/datastore/sqlite.js';
import { createSecurity, type Security } from '../src/security.js';
import { BENCH_HASH_QUEUE_LIMIT } from './abuse.js';
import { BENCH_USER } from './bench-user.js';
import { comparisonApps, withComparisonRows } from './comparison-apps.js';

const [framework = 'hono', portArgument = '0'] = process.argv.slice(2);
if (framework !== 'hono' && framework !== 'express') {
  throw new Error(`framework must be hono or express, got ${framework}`);
}

/** CPU time of the whole process (event loop and hashing threads), in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function verifyRate(security: Security, storedHash: string, count: number): Promise<object> {
  const password = security.passwordUtil.normalize(BENCH_USER.password);
  const cpuBefore = cpuMs();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, () => security.passwordHasher.verify(password, storedHash)),
  );
  const elapsedMs = performance.now() - started;
  if (!results.every((r) => r.valid)) throw new Error('bench verify: a verify failed');
  return { count, elapsedMs, perSecond: (count * 1000) / elapsedMs, cpuMs: cpuMs() - cpuBefore };
}

function sendJson(response: ServerResponse, body: object): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The bench's own endpoints, in front of the app (a prefix test, so app requests pay no parsing). */
function withBenchRoutes(security: Security, storedHash: string, app: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/__bench/')) {
      app(request, response);
      return;
    }
    const url = new URL(request.url, 'http://127.0.0.1');
    if (url.pathname === '/__bench/cpu') {
      sendJson(response, { cpuMs: cpuMs() });
      return;
    }
    const count = Math.max(1, Number.parseInt(url.searchParams.get('count') ?? '50', 10) || 50);
    verifyRate(security, storedHash, count).then(
      (body) => sendJson(response, body),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  };
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'barbican-bench-'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(Number(portArgument), '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const datastore = await createSqliteDatastore({ filename: join(directory, 'bench.db') });
  const security = createSecurity({
    datastore,
    // Default hasher: the production argon2id parameters and hash concurrency limit.
    config: {
      secretKey: 'bench-secret-key-that-is-long-enough-0123456789',
      externalUrl: `http://127.0.0.1:${port}`,
      // For the abuse rows: anonymous registration with zxcvbn (no mail: nothing should pass).
      registerable: true,
      sendRegisterEmail: false,
      passwordComplexityChecker: 'zxcvbn',
      passwordHashQueueLimit: BENCH_HASH_QUEUE_LIMIT,
      // The abuse rows fire hundreds of failed logins from 127.0.0.1 to load the hashing queue:
      // the per-IP rate limit would answer them 429 first (docs/rate-limiting.md), so it is lifted.
      rateLimitIpAttempts: 1_000_000,
    },
    warn: () => {},
  });
  const user = await datastore.createUser({
    email: BENCH_USER.email,
    password: await security.hashPassword(BENCH_USER.password),
    active: true,
    confirmedAt: new Date(),
    roles: [],
  });
  const options = { freshWithinSeconds: 60 };
  const app: RequestListener =
    framework === 'hono'
      ? (getRequestListener(createHonoDemoApp(security, options).fetch) as RequestListener)
      : createExpressDemoApp(security, options);
  const rows = comparisonApps(framework === 'hono' ? 'hono' : 'express', security);
  server.on('request', withBenchRoutes(security, user.password ?? '', withComparisonRows(rows, app)));

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    server.closeAllConnections();
    server.close();
    // process.exit (not a signal death) so --cpu-prof can write its profile.
    datastore.close().finally(() => {
      rmSync(directory, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // The parent holds our stdin: when it dies, however it dies, we go too.
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
  process.stdout.write(`BENCH_READY ${JSON.stringify({ port, framework, pid: process.pid })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
