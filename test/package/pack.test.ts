/**
 * The published package works in a fresh app with no TypeScript tooling: `npm pack` (which builds
 * on prepack), install the tarball into a temporary app from the npm cache, run a Hono and an
 * Express app against it over real sockets, compile a TypeScript consumer against its .d.ts, and
 * check the package with publint and are-the-types-wrong. One build for all of it.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const APP_FILES = resolve(import.meta.dirname, 'app');
const BIN = (name: string): string => join(ROOT, 'node_modules/.bin', name);
const devVersion = (name: string): string => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const version = pkg.devDependencies[name];
  if (version === undefined) throw new Error(`${name} is not a dev dependency`);
  return version;
};

let work: string;
let app: string;
let tarball: string;
let packedFiles: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'barbican-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (packed === undefined) throw new Error('npm pack reported nothing');
  tarball = join(work, packed.filename);
  packedFiles = packed.files.map((file) => file.path);

  app = join(work, 'app');
  cpSync(APP_FILES, app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'fresh-app',
      private: true,
      type: 'module',
      dependencies: {
        barbican: `file:${tarball}`,
        hono: devVersion('hono'),
        express: devVersion('express'),
        '@hono/node-server': devVersion('@hono/node-server'),
        'better-sqlite3': devVersion('better-sqlite3'),
      },
    }),
  );
  // From the cache `npm ci` filled; scripts off, so better-sqlite3's native build is the checkout's
  // own (same pinned version), not fetched or compiled here.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: app,
  });
  cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(app, 'node_modules/better-sqlite3/build'), {
    recursive: true,
  });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Starts one of the app files, waits for its port, and stops it afterwards. */
async function withServer(
  file: string,
  use: (base: string) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const child = spawn(process.execPath, [file], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  try {
    const port = await new Promise<string>((resolvePort, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        const match = /listening (\d+)/.exec(stdout);
        if (match?.[1]) resolvePort(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`${file} exited with ${code}: ${stderr}`)));
    });
    await use(`http://127.0.0.1:${port}`);
  } finally {
    child.kill('SIGTERM');
  }
}

/** Logs in over JSON and reads /me with the issued token: the whole stack, from the tarball. */
async function loginAndCallProtected(base: string): Promise<void> {
  const anonymous = await fetch(`${base}/me`, { headers: { accept: 'application/json' } });
  expect(anonymous.status).toBe(401);

  // A JSON login carries the CSRF token of its anonymous cookie, as an SPA does.
  const form = await fetch(`${base}/login`, { headers: { accept: 'application/json' } });
  const { response } = (await form.json()) as { response: { csrf_token: string } };
  const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const login = await fetch(`${base}/login?include_auth_token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      cookie,
      'x-csrf-token': response.csrf_token,
    },
    body: JSON.stringify({ email: 'joe@example.com', password: 'a long passphrase 1' }),
  });
  expect(login.status).toBe(200);
  const body = (await login.json()) as { response: { user: { authentication_token: string } } };
  const token = body.response.user.authentication_token;

  const me = await fetch(`${base}/me`, {
    headers: { accept: 'application/json', 'authentication-token': token },
  });
  expect(me.status).toBe(200);
  expect(await me.json()).toEqual({ email: 'joe@example.com' });
}

describe('the packed package', () => {
  it('ships the compiled code, the CLI and the docs, and no TypeScript sources', () => {
    expect(packedFiles).toContain('dist/src/index.js');
    expect(packedFiles).toContain('dist/src/index.d.ts');
    expect(packedFiles).toContain('dist/src/cli/main.js');
    expect(packedFiles).toContain('dist/src/testing/datastore-contract.js');
    expect(packedFiles).toContain('bin/barbican.js');
    expect(packedFiles.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    expect(packedFiles.filter((path) => path.includes('.test.'))).toEqual([]);
  });

  it('installs without tsx or the optional drivers it was not asked for', () => {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/barbican/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installed.dependencies)).not.toContain('tsx');
    expect(() => readFileSync(join(app, 'node_modules/tsx/package.json'))).toThrow();
    expect(() => readFileSync(join(app, 'node_modules/pg/package.json'))).toThrow();
    expect(() => readFileSync(join(app, 'node_modules/nodemailer/package.json'))).toThrow();
  });

  it('serves a Hono app over a real socket', async () => {
    await withServer('hono-app.mjs', loginAndCallProtected);
  });

  it('serves a Hono app that mounts Barbican as routes (barbicanRoutes, guarded)', async () => {
    await withServer('hono-app.mjs', loginAndCallProtected, { MOUNT: 'routes' });
  });

  it("serves WebAuthn's browser bundle from the installed package (no CDN)", async () => {
    const bundle = readFileSync(
      join(app, 'node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js'),
      'utf8',
    );
    // The served name carries the first 16 characters of the content's SHA-256 (base64url).
    const name = `simplewebauthn-browser-${createHash('sha256').update(bundle).digest('base64url').slice(0, 16)}.js`;
    await withServer('hono-app.mjs', async (base) => {
      const served = await fetch(`${base}/wan-assets/${name}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await served.text()).toBe(bundle);
    });
  });

  it('serves an Express app over a real socket', async () => {
    await withServer('express-app.mjs', loginAndCallProtected);
  });

  it('serves an Express app that mounts only the endpoints (barbicanRoutes)', async () => {
    await withServer('express-app.mjs', loginAndCallProtected, { MOUNT: 'routes' });
  });

  it('names the package to install when an optional driver is missing', async () => {
    const { stdout } = await run(process.execPath, ['missing-peers.mjs'], { cwd: app });
    const outcomes = JSON.parse(stdout) as Record<string, { missing: boolean; package: string }>;
    expect(outcomes.pg).toMatchObject({ missing: true, package: 'pg' });
    expect(outcomes.nodemailer).toEqual({ missing: true, package: 'nodemailer' });
  });

  it('runs the CLI from the build, without tsx', async () => {
    const { stdout } = await run(join(app, 'node_modules/.bin/barbican'), ['db', 'migrate'], {
      cwd: app,
      env: { ...process.env, DATABASE_URL: `sqlite:${join(work, 'cli.db')}` },
    });
    expect(stdout).toContain('Database is up to date.');
  });

  it('types views, config and datastores for a TypeScript consumer (tsc against the built .d.ts)', async () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const result = await run(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
      {
        cwd: app,
      },
    ).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(result).toBe('');
  });

  it('passes publint', async () => {
    const { stdout } = await run(BIN('publint'), ['run', join(app, 'node_modules/barbican'), '--strict']);
    expect(stdout).toContain('All good!');
  });

  it('passes are-the-types-wrong for ESM consumers', async () => {
    copyFileSync(tarball, join(work, 'attw.tgz'));
    const { stdout } = await run(
      BIN('attw'),
      [join(work, 'attw.tgz'), '--profile', 'esm-only', '--format', 'ascii'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    // attw exits non-zero on any problem the esm-only profile counts (run() would have thrown);
    // check too that every entry resolves, with types, for ESM under Node and bundlers.
    const esmLines = stdout.split('\n').filter((line) => /^(node16 \(from ESM\)|bundler):/.test(line));
    const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(esmLines).toHaveLength(2 * Object.keys(exports).length);
    for (const line of esmLines) expect(line).toContain('🟢');
  });
});
