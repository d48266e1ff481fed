/**
 * The demo's environment contract (HOST, PORT, BASE_URL, DATABASE_URL, REDIS_URL, SECRET_KEY,
 * SMTP_URL, SECURITY_*, DEMO_*), parsed and validated in one place. External test tooling relies on it.
 */
import { isAbsolute, resolve } from 'node:path';
import type { SecurityConfig } from '../src/config/index.js';
import { resolveDemoConfig } from './demo-config.js';
import { DemoEnvError } from './demo-env-error.js';
import { isLoopbackHost } from './loopback.js';

export type Env = Readonly<Record<string, string | undefined>>;
export type DemoFramework = 'hono' | 'express';
export type DatabaseKind = 'sqlite' | 'postgres';

export interface SmtpTarget {
  /** The URL as given (it may hold credentials: never print it). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
}

export interface DemoEnv {
  readonly host: string;
  readonly port: number;
  /** BASE_URL as given (or the default); the printed URL and, normalized, config `externalUrl`. */
  readonly baseUrl: string;
  /** For SQLite, a relative path is resolved against the working directory. */
  readonly database: { readonly url: string; readonly kind: DatabaseKind };
  /** Mail goes over SMTP when set, else to the console and the dev outbox page. */
  readonly smtp: SmtpTarget | null;
  /** REDIS_URL as given (it may hold a password: never print it), or null without Redis. */
  readonly redisUrl: string | null;
  readonly seed: boolean;
  readonly freshWithinSeconds: number;
  readonly framework: DemoFramework;
  readonly config: SecurityConfig;
}

export interface ParseDemoEnvOptions {
  /** Where `.secret-key` lives and relative SQLite paths start from. */
  readonly cwd: string;
  readonly warn: (line: string) => void;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8000;
export const DEFAULT_DATABASE_URL = 'sqlite:./demo.db';
export const DEFAULT_FRESH_WITHIN_SECONDS = 60;

/**
 * Reads the demo's variables, throwing DemoEnvError (naming the variable) for anything unusable.
 * Generates `.secret-key` on first use when no SECRET_KEY is set.
 *
 * @example const demo = parseDemoEnv(process.env, { cwd: process.cwd(), warn: console.warn });
 */
export function parseDemoEnv(env: Env, options: ParseDemoEnvOptions): DemoEnv {
  const port = parsePort(read(env, 'PORT'));
  const baseUrl = read(env, 'BASE_URL') ?? `http://127.0.0.1:${port}`;
  const parsed = {
    host: read(env, 'HOST') ?? DEFAULT_HOST,
    port,
    baseUrl,
    database: parseDatabaseUrl(read(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL, options.cwd),
    smtp: parseSmtpUrl(read(env, 'SMTP_URL')),
    redisUrl: parseRedisUrl(read(env, 'REDIS_URL')),
    seed: parseBoolean('DEMO_SEED', read(env, 'DEMO_SEED'), true),
    freshWithinSeconds: parseSeconds(
      'DEMO_FRESH_WITHIN_SECONDS',
      read(env, 'DEMO_FRESH_WITHIN_SECONDS'),
      DEFAULT_FRESH_WITHIN_SECONDS,
    ),
    framework: parseFramework(read(env, 'DEMO_FRAMEWORK')),
  };
  // Without SMTP every mail — every live confirm and reset link — sits on /dev/outbox: reachable
  // from the network, that page would hand out accounts.
  if (parsed.smtp === null && !isLoopbackHost(parsed.host)) {
    throw new DemoEnvError(
      'HOST',
      `is ${quoted(parsed.host)}, reachable from other machines, but SMTP_URL is unset; set SMTP_URL, or keep HOST on 127.0.0.1`,
    );
  }
  return { ...parsed, config: resolveDemoConfig(env, { baseUrl, redisUrl: parsed.redisUrl, ...options }) };
}

/** An empty variable counts as unset, as shells and compose files often leave them. */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (port >= 1 && port <= 65535) return port;
  throw new DemoEnvError('PORT', `must be an integer from 1 to 65535 (got ${quoted(raw)})`);
}

function parseDatabaseUrl(url: string, cwd: string): DemoEnv['database'] {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { url, kind: 'postgres' };
  const forms = 'use sqlite:<path>, sqlite::memory:, postgres://… or postgresql://…';
  if (!url.startsWith('sqlite:')) {
    // Only the scheme is shown: the rest of a database URL may hold a password.
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    const problem = scheme ? `has an unsupported scheme ${quoted(scheme)}` : 'has no scheme';
    throw new DemoEnvError('DATABASE_URL', `${problem}; ${forms}`);
  }
  const path = url.slice('sqlite:'.length);
  if (path === '' || path.startsWith('//')) {
    throw new DemoEnvError('DATABASE_URL', `names no single file (got ${quoted(url)}); ${forms}`);
  }
  if (path === ':memory:' || isAbsolute(path)) return { url, kind: 'sqlite' };
  return { url: `sqlite:${resolve(cwd, path)}`, kind: 'sqlite' };
}

function parseSmtpUrl(raw: string | undefined): SmtpTarget | null {
  if (raw === undefined) return null;
  const expected = 'must look like smtp://host:port (or smtps://host:port)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DemoEnvError('SMTP_URL', expected);
  }
  const secure = url.protocol === 'smtps:';
  if ((url.protocol !== 'smtp:' && !secure) || url.hostname === '' || !['', '/'].includes(url.pathname)) {
    // The URL may carry a password, so it is not echoed back.
    throw new DemoEnvError('SMTP_URL', expected);
  }
  const port = url.port === '' ? (secure ? 465 : 25) : Number(url.port);
  return { url: raw, host: url.hostname, port, secure };
}

/** redis:// or rediss:// with a host; checked here so a typo fails at start, not at first use. */
function parseRedisUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['redis:', 'rediss:'].includes(url.protocol) || url.hostname === '') {
    // Like SMTP_URL, the value may carry a password, so it is not echoed back.
    throw new DemoEnvError('REDIS_URL', 'must look like redis://host:port (or rediss://host:port)');
  }
  return raw;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new DemoEnvError(name, `must be true or false (got ${quoted(raw)})`);
}

/** A negative value turns the freshness check off, as Flask-Security's `within=-1`. */
function parseSeconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (/^-?\d{1,9}$/.test(raw)) return Number(raw);
  throw new DemoEnvError(name, `must be a whole number of seconds (got ${quoted(raw)})`);
}

function parseFramework(raw: string | undefined): DemoFramework {
  if (raw === undefined) return 'hono';
  if (raw === 'hono' || raw === 'express') return raw;
  throw new DemoEnvError('DEMO_FRAMEWORK', `must be hono or express (got ${quoted(raw)})`);
}
