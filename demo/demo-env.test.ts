import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoEnv, type Env, parseDemoEnv } from './demo-env.js';
import { DemoEnvError } from './demo-env-error.js';

const KEY = 'k'.repeat(40);
let cwd: string;
let warnings: string[];

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-env-'));
  warnings = [];
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function parse(env: Env): DemoEnv {
  return parseDemoEnv(env, { cwd, warn: (line) => warnings.push(line) });
}

/** The DemoEnvError parse throws (fails the test when it does not throw one). */
function refusal(env: Env): DemoEnvError {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof DemoEnvError) return error;
    throw error;
  }
  throw new Error('expected a DemoEnvError');
}

describe('demo environment defaults', () => {
  it('serves Hono on 127.0.0.1:8000 with ./demo.db, seeding, 60 s freshness and tracking on', () => {
    const demo = parse({ SECRET_KEY: KEY });
    expect(demo).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      baseUrl: 'http://127.0.0.1:8000',
      database: { url: `sqlite:${join(cwd, 'demo.db')}`, kind: 'sqlite' },
      smtp: null,
      seed: true,
      freshWithinSeconds: 60,
      framework: 'hono',
    });
    expect(demo.config).toMatchObject({
      externalUrl: 'http://127.0.0.1:8000',
      trackable: true,
      secretKey: KEY,
    });
  });

  it('derives BASE_URL from PORT when BASE_URL is unset', () => {
    const demo = parse({ SECRET_KEY: KEY, PORT: '9123', HOST: '0.0.0.0', SMTP_URL: 'smtp://mail.local:25' });
    expect(demo.baseUrl).toBe('http://127.0.0.1:9123');
    expect(demo.config.externalUrl).toBe('http://127.0.0.1:9123');
    expect(demo.host).toBe('0.0.0.0');
  });

  it('uses BASE_URL as the external URL', () => {
    const demo = parse({ SECRET_KEY: KEY, PORT: '9123', BASE_URL: 'https://demo.example.com/app/' });
    expect(demo.baseUrl).toBe('https://demo.example.com/app/');
    expect(demo.config.externalUrl).toBe('https://demo.example.com/app');
  });

  it('treats empty variables as unset', () => {
    const demo = parse({ SECRET_KEY: KEY, PORT: '', BASE_URL: '', DEMO_SEED: '', DEMO_FRAMEWORK: '' });
    expect(demo).toMatchObject({
      port: 8000,
      baseUrl: 'http://127.0.0.1:8000',
      seed: true,
      framework: 'hono',
    });
  });

  it('reads DEMO_SEED, DEMO_FRESH_WITHIN_SECONDS and DEMO_FRAMEWORK', () => {
    const demo = parse({
      SECRET_KEY: KEY,
      DEMO_SEED: 'false',
      DEMO_FRESH_WITHIN_SECONDS: '5',
      DEMO_FRAMEWORK: 'express',
    });
    expect(demo).toMatchObject({ seed: false, freshWithinSeconds: 5, framework: 'express' });
  });
});

describe('demo environment errors name the variable', () => {
  it.each(['abc', '0', '65536', '80.5', ' 80', '-1'])('refuses PORT=%j', (port) => {
    const error = refusal({ SECRET_KEY: KEY, PORT: port });
    expect(error.variable).toBe('PORT');
    expect(error.message).toMatch(/^PORT must be an integer from 1 to 65535/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://root:hunter2@db/app'],
    ['DATABASE_URL', 'demo.db'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'sqlite:///var/demo.db'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['SMTP_URL', 'smtp://user:hunter2@/'],
    ['REDIS_URL', 'http://:hunter2@cache.local:6379'],
    ['REDIS_URL', 'redis://:hunter2@/'],
    ['DEMO_SEED', 'maybe'],
    ['DEMO_FRESH_WITHIN_SECONDS', '1m'],
    ['DEMO_FRAMEWORK', 'koa'],
    ['BASE_URL', 'ftp://example.com'],
  ])('refuses a bad %s (%j) without echoing a password', (variable, value) => {
    const error = refusal({ SECRET_KEY: KEY, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable} `)).toBe(true);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a short SECRET_KEY without showing it', () => {
    const error = refusal({ SECRET_KEY: 'my-short-secret' });
    expect(error.variable).toBe('SECRET_KEY');
    expect(error.message).not.toContain('my-short-secret');
  });

  it.each([
    ['SECURITY_TOKEN_MAX_AGE', 'banana'],
    ['SECURITY_TRACKABLE', '3'],
    ['SECURITY_NO_SUCH_OPTION', 'true'],
    ['SECURITY_SECRET_KEY', 'too-short'],
    ['SECURITY_EXTERNAL_URL', 'not a url'],
  ])('refuses a bad %s through configFromEnv', (variable, value) => {
    const error = refusal({ SECRET_KEY: KEY, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('too-short');
  });
});

describe('DATABASE_URL and SMTP_URL', () => {
  it('resolves a relative SQLite path against the working directory and keeps the others', () => {
    expect(parse({ SECRET_KEY: KEY, DATABASE_URL: 'sqlite:data/x.db' }).database.url).toBe(
      `sqlite:${join(cwd, 'data/x.db')}`,
    );
    expect(parse({ SECRET_KEY: KEY, DATABASE_URL: 'sqlite:/var/x.db' }).database.url).toBe(
      'sqlite:/var/x.db',
    );
    expect(parse({ SECRET_KEY: KEY, DATABASE_URL: 'sqlite::memory:' }).database.url).toBe('sqlite::memory:');
    expect(parse({ SECRET_KEY: KEY, DATABASE_URL: 'postgresql://u:p@h/db' }).database).toEqual({
      url: 'postgresql://u:p@h/db',
      kind: 'postgres',
    });
  });

  it('parses SMTP_URL into host and port', () => {
    expect(parse({ SECRET_KEY: KEY, SMTP_URL: 'smtp://mail.local:2525' }).smtp).toEqual({
      url: 'smtp://mail.local:2525',
      host: 'mail.local',
      port: 2525,
      secure: false,
    });
    expect(parse({ SECRET_KEY: KEY, SMTP_URL: 'smtps://mail.local' }).smtp).toEqual({
      url: 'smtps://mail.local',
      host: 'mail.local',
      port: 465,
      secure: true,
    });
  });
});

describe('REDIS_URL', () => {
  it('is kept as given for redis:// and rediss:// and becomes config redisUrl; null when unset or empty', () => {
    expect(parse({ SECRET_KEY: KEY, REDIS_URL: 'redis://:pw@cache.local:6379/0' }).redisUrl).toBe(
      'redis://:pw@cache.local:6379/0',
    );
    expect(parse({ SECRET_KEY: KEY, REDIS_URL: 'rediss://cache.local' }).redisUrl).toBe(
      'rediss://cache.local',
    );
    expect(parse({ SECRET_KEY: KEY, REDIS_URL: 'redis://cache.local:6379' }).config.redisUrl).toBe(
      'redis://cache.local:6379',
    );
    expect(parse({ SECRET_KEY: KEY }).config.redisUrl).toBeNull();
    expect(parse({ SECRET_KEY: KEY }).redisUrl).toBeNull();
    expect(parse({ SECRET_KEY: KEY, REDIS_URL: '' }).redisUrl).toBeNull();
  });

  it('keeps sessions in Redis when REDIS_URL is set, in SQL otherwise or when told so', () => {
    const url = 'redis://cache.local:6379';
    expect(parse({ SECRET_KEY: KEY, REDIS_URL: url }).config.sessionStore).toBe('redis');
    expect(parse({ SECRET_KEY: KEY }).config.sessionStore).toBe('sql');
    expect(
      parse({ SECRET_KEY: KEY, REDIS_URL: url, SECURITY_SESSION_STORE: 'sql' }).config.sessionStore,
    ).toBe('sql');
    expect(parse({ SECRET_KEY: KEY }).config.sessionManagement).toBe(true);
  });
});

describe('SECURITY_* variables', () => {
  it('override the demo defaults and BASE_URL', () => {
    const demo = parse({
      SECRET_KEY: KEY,
      SECURITY_TRACKABLE: 'false',
      SECURITY_TOKEN_MAX_AGE: '15m',
      SECURITY_LOGOUT_METHODS: '["GET","POST"]',
      SECURITY_EXTERNAL_URL: 'https://override.example.com',
    });
    expect(demo.config).toMatchObject({
      trackable: false,
      tokenMaxAge: 900,
      logoutMethods: ['GET', 'POST'],
      externalUrl: 'https://override.example.com',
    });
  });

  it('let SECURITY_SECRET_KEY stand in for SECRET_KEY (no key file is made)', () => {
    expect(parse({ SECURITY_SECRET_KEY: KEY }).config.secretKey).toBe(KEY);
    expect(warnings).toEqual([]);
  });
});

describe('HOST without SMTP_URL (the dev outbox lists every live link)', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20', 'demo.example.com'])(
    'refuses HOST=%s, naming HOST and SMTP_URL',
    (host) => {
      const error = refusal({ SECRET_KEY: KEY, HOST: host });
      expect(error.variable).toBe('HOST');
      expect(error.message).toContain('SMTP_URL');
    },
  );

  it.each(['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]'])('accepts the loopback HOST=%s', (host) => {
    expect(parse({ SECRET_KEY: KEY, HOST: host }).host).toBe(host);
  });

  it('accepts any HOST once mail goes over SMTP (no dev outbox then)', () => {
    expect(parse({ SECRET_KEY: KEY, HOST: '0.0.0.0', SMTP_URL: 'smtp://mail.local:25' }).smtp).not.toBeNull();
  });
});
