/**
 * The guarded route under abuse: a storm of anonymous registrations with passwords crafted to be
 * costly for zxcvbn (seconds each on the main thread before it moved to a worker), and a storm of
 * unknown-user logins past the hashing queue bound (answered 503 at once beyond it). Each fires
 * its requests at once and measures `GET path` with a modest load until the last one is answered.
 */
import { performance } from 'node:perf_hooks';
import { type JsonResponse, requestJson } from './http-json.js';
import { type LoadResult, startLoad } from './http-load.js';

/**
 * The bench server's passwordHashQueueLimit: above the throughput batches (BENCH_LOGINS, 100 at
 * once, must all be served), below the queue storm (BENCH_QUEUE_STORM, 300 at once).
 */
export const BENCH_HASH_QUEUE_LIMIT = 128;

export interface AbuseResult {
  readonly requests: number;
  readonly stormMs: number;
  /** Answers by HTTP status, e.g. { 400: 12, 503: 3 }. */
  readonly statuses: Readonly<Record<number, number>>;
  readonly guarded: LoadResult;
}

export interface AbuseOptions {
  readonly requests: number;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly connections: number;
}

/** zxcvbn's worst case found here: 128 characters of l33t-substituted repeats (1.5–3.8 s each). */
export function adversarialPassword(index: number): string {
  return `${'p4$$w0rd'.repeat(16).slice(0, 120)}${String(index).padStart(8, '0')}`;
}

/** One anonymous session and its CSRF token, shared by every request of a storm. */
async function anonymousForm(origin: string, path: string): Promise<{ cookie: string; csrf: string }> {
  const page = await requestJson(`${origin}${path}`);
  const body = (page.json as { response?: { csrf_token?: unknown } } | undefined)?.response;
  const cookie = page.setCookies.find((c) => c.startsWith('session='))?.split(';', 1)[0];
  if (page.status !== 200 || typeof body?.csrf_token !== 'string' || !cookie) {
    throw new Error(`GET ${path} answered ${page.status}`);
  }
  return { cookie, csrf: body.csrf_token };
}

async function storm(
  origin: string,
  options: AbuseOptions,
  fire: (index: number) => Promise<JsonResponse>,
): Promise<AbuseResult> {
  const load = startLoad({
    url: `${origin}${options.path}`,
    headers: options.headers,
    connections: options.connections,
    seconds: 120,
  });
  const started = performance.now();
  const statuses: Record<number, number> = {};
  try {
    const answers = await Promise.all(Array.from({ length: options.requests }, (_, i) => fire(i)));
    for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  } finally {
    load.stop();
  }
  const stormMs = performance.now() - started;
  return { requests: options.requests, stormMs, statuses, guarded: await load.result };
}

/** Anonymous POST /register with adversarial passwords (the app runs zxcvbn). */
export async function registrationStorm(origin: string, options: AbuseOptions): Promise<AbuseResult> {
  const form = await anonymousForm(origin, '/register');
  const run = performance.now().toFixed(0);
  return storm(origin, options, (i) =>
    requestJson(`${origin}/register`, {
      method: 'POST',
      headers: { cookie: form.cookie },
      body: {
        email: `storm-${run}-${i}@example.com`,
        password: adversarialPassword(i),
        csrf_token: form.csrf,
      },
    }),
  );
}

/** Unknown-user POST /login, each paying a dummy argon2id verify, more than the queue holds. */
export async function queueStorm(origin: string, options: AbuseOptions): Promise<AbuseResult> {
  const form = await anonymousForm(origin, '/login');
  return storm(origin, options, (i) =>
    requestJson(`${origin}/login`, {
      method: 'POST',
      headers: { cookie: form.cookie },
      body: { email: `nobody-${i}@example.com`, password: 'not a real password', csrf_token: form.csrf },
    }),
  );
}
