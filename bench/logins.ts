/**
 * Real JSON logins over HTTP, the way an SPA signs in: GET /login for the CSRF token and the
 * anonymous session cookie, then POST /login with both (CSRF protection stays on).
 */
import { performance } from 'node:perf_hooks';
import { BENCH_USER } from './bench-user.js';
import { type JsonResponse, requestJson } from './http-json.js';
import { type LoadResult, startLoad } from './http-load.js';

interface PreparedLogin {
  readonly cookie: string;
  readonly csrfToken: string;
}

export interface Credentials {
  /** `session=<signed id>`, ready for a Cookie header. */
  readonly sessionCookie: string;
  readonly authToken: string;
}

function sessionCookieOf(response: JsonResponse): string {
  const cookie = response.setCookies.find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`no session cookie in the ${response.status} response`);
  return cookie.split(';', 1)[0] ?? '';
}

function envelope(response: JsonResponse): Record<string, unknown> {
  const json = response.json as { response?: Record<string, unknown> } | undefined;
  return json?.response ?? {};
}

async function prepareLogin(origin: string): Promise<PreparedLogin> {
  const response = await requestJson(`${origin}/login`);
  const body = envelope(response);
  if (response.status !== 200 || typeof body.csrf_token !== 'string') {
    throw new Error(`GET /login answered ${response.status}`);
  }
  return { cookie: sessionCookieOf(response), csrfToken: body.csrf_token };
}

async function postLogin(origin: string, prepared: PreparedLogin): Promise<Credentials> {
  const response = await requestJson(`${origin}/login?include_auth_token`, {
    method: 'POST',
    headers: { cookie: prepared.cookie },
    body: { ...BENCH_USER, csrf_token: prepared.csrfToken },
  });
  const user = envelope(response).user as { authentication_token?: unknown } | undefined;
  if (response.status !== 200 || typeof user?.authentication_token !== 'string') {
    throw new Error(`POST /login answered ${response.status}`);
  }
  return { sessionCookie: sessionCookieOf(response), authToken: user.authentication_token };
}

/** One full login (GET then POST). */
export async function login(origin: string): Promise<Credentials> {
  return postLogin(origin, await prepareLogin(origin));
}

export interface BatchResult {
  readonly perSecond: number;
  /** Server process CPU (event loop and hashing threads) per login or verify, in ms. */
  readonly serverCpuMsEach: number;
  /** This process's CPU per login (the HTTP client side), in ms; 0 for raw verifies. */
  readonly clientCpuMsEach: number;
}

async function serverCpuMs(origin: string): Promise<number> {
  const response = await requestJson(`${origin}/__bench/cpu`);
  return (response.json as { cpuMs: number }).cpuMs;
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** `count` full logins started at once; the rate is from the first start to the last finish. */
export async function loginRate(origin: string, count: number): Promise<BatchResult> {
  const serverBefore = await serverCpuMs(origin);
  const clientBefore = ownCpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, () => login(origin)));
  const elapsedMs = performance.now() - started;
  const clientCpuMsEach = (ownCpuMs() - clientBefore) / count;
  return {
    perSecond: (count * 1000) / elapsedMs,
    serverCpuMsEach: ((await serverCpuMs(origin)) - serverBefore) / count,
    clientCpuMsEach,
  };
}

/** `count` raw hasher.verify calls started at once in the server, through login's own limiter. */
export async function rawVerifyRate(origin: string, count: number): Promise<BatchResult> {
  const response = await requestJson(`${origin}/__bench/verify?count=${count}`);
  if (response.status !== 200) throw new Error(`bench verify answered ${response.status}`);
  const { perSecond, cpuMs } = response.json as { perSecond: number; cpuMs: number };
  return { perSecond, serverCpuMsEach: cpuMs / count, clientCpuMsEach: 0 };
}

export interface StormResult {
  readonly logins: number;
  readonly stormMs: number;
  readonly guarded: LoadResult;
}

/**
 * Fires `logins` POST /login at once (their GET /login done beforehand, so all of them hash
 * together) and measures `path` with a modest load from the first POST to the last answer.
 */
export async function loginStorm(
  origin: string,
  options: { logins: number; path: string; headers: Record<string, string>; connections: number },
): Promise<StormResult> {
  const prepared = await Promise.all(Array.from({ length: options.logins }, () => prepareLogin(origin)));
  const load = startLoad({
    url: `${origin}${options.path}`,
    headers: options.headers,
    connections: options.connections,
    seconds: 60,
  });
  const started = performance.now();
  try {
    await Promise.all(prepared.map((p) => postLogin(origin, p)));
  } finally {
    load.stop();
  }
  const stormMs = performance.now() - started;
  return { logins: options.logins, stormMs, guarded: await load.result };
}
