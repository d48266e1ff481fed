/**
 * CPU per request without HTTP: `npx tsx bench/inprocess.ts [rounds] [requests]` builds the Hono
 * rows in this process (bare; bare+check, the bare route plus the session cache's never-stale
 * check alone, PRAGMA data_version; middleware, unguarded, session, token; routes-session and
 * routes-token, guarded(guard, handler) beside barbicanRoutes()) on a temporary SQLite file and calls
 * `app.fetch` with one reused Request per row, rows interleaved, printing µs per request (median
 * over rounds). No socket, no load generator: what is left is the framework and Barbican, so a
 * change to the guarded path shows here before the HTTP rows can resolve it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { authRequired, authTokenRequired, barbican, barbicanRoutes } from '../src/adapters/hono.js';
import { currentUser } from '../src/context.js';
import { createSqliteDatastore } from '../src/datastore/sqlite.js';
import { createSecurity } from '../src/security.js';
import { median } from './stats.js';

const [roundsArgument = '7', requestsArgument = '20000'] = process.argv.slice(2);
const ORIGIN = 'http://127.0.0.1:9';

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'barbican-inprocess-'));
  const datastore = await createSqliteDatastore({ filename: join(directory, 'bench.db') });
  try {
    const security = createSecurity({
      datastore,
      config: { secretKey: 'bench-secret-key-that-is-long-enough-0123456789', externalUrl: ORIGIN },
      warn: () => {},
    });
    await datastore.createUser({
      email: 'bench@example.com',
      password: await security.hashPassword('a long bench password 1'),
      active: true,
      confirmedAt: new Date(),
      roles: [],
    });
    const bare = new Hono().get('/r', (c) => c.json({ ok: true, user: currentUser()?.email ?? null }));
    const guarded = new Hono();
    guarded.use(barbican(security));
    guarded.get('/r', (c) => c.json({ ok: true, user: currentUser()?.email ?? null }));
    const noop = new Hono();
    noop.use((_c, next) => next());
    noop.get('/r', (c) => c.json({ ok: true, user: currentUser()?.email ?? null }));
    guarded.get('/s', authRequired('session'), (c) =>
      c.json({ ok: true, user: currentUser()?.email ?? null }),
    );
    guarded.get('/t', authTokenRequired(), (c) => c.json({ ok: true, user: currentUser()?.email ?? null }));
    // Barbican mounted as routes, the guards and the handler as one route handler (guarded()).
    const mounted = barbicanRoutes(security);
    const routed = new Hono();
    routed.route('/', mounted.routes);
    routed.get(
      '/s',
      mounted.guarded(mounted.authRequired('session'), (c) =>
        c.json({ ok: true, user: currentUser()?.email ?? null }),
      ),
    );
    routed.get(
      '/t',
      mounted.guarded(mounted.authTokenRequired(), (c) =>
        c.json({ ok: true, user: currentUser()?.email ?? null }),
      ),
    );

    const form = await guarded.fetch(
      new Request(`${ORIGIN}/login`, { headers: { accept: 'application/json' } }),
    );
    const anonymous = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = ((await form.json()) as { response: { csrf_token: string } }).response.csrf_token;
    const login = await guarded.fetch(
      new Request(`${ORIGIN}/login?include_auth_token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          cookie: anonymous,
          'x-csrf-token': csrf,
        },
        body: JSON.stringify({ email: 'bench@example.com', password: 'a long bench password 1' }),
      }),
    );
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const body = (await login.json()) as { response: { user?: { authentication_token: string } } };
    if (!body.response.user) throw new Error(`login: ${login.status} ${JSON.stringify(body)}`);
    const token = body.response.user.authentication_token;
    // What staying never stale costs alone: the session cache's change check (PRAGMA data_version on
    // a connection to the same file), run once per request beside the bare route.
    const checker = new Database(join(directory, 'bench.db'));
    const dataVersion = checker.prepare('PRAGMA data_version').pluck();
    const rows: Record<string, { app: Hono; request: Request; extra?: () => void }> = {
      bare: { app: bare, request: new Request(`${ORIGIN}/r`) },
      'bare+check': { app: bare, request: new Request(`${ORIGIN}/r`), extra: () => dataVersion.get() },
      middleware: { app: noop, request: new Request(`${ORIGIN}/r`) },
      unguarded: { app: guarded, request: new Request(`${ORIGIN}/r`) },
      session: { app: guarded, request: new Request(`${ORIGIN}/s`, { headers: { cookie } }) },
      token: {
        app: guarded,
        request: new Request(`${ORIGIN}/t`, { headers: { 'authentication-token': token } }),
      },
      'routes-session': { app: routed, request: new Request(`${ORIGIN}/s`, { headers: { cookie } }) },
      'routes-token': {
        app: routed,
        request: new Request(`${ORIGIN}/t`, { headers: { 'authentication-token': token } }),
      },
    };
    for (const [name, row] of Object.entries(rows)) {
      const response = await row.app.fetch(row.request);
      const text = await response.text();
      if (
        response.status !== 200 ||
        ((name.includes('session') || name.includes('token')) && !text.includes('bench@'))
      )
        throw new Error(`${name}: ${response.status} ${text}`);
    }
    // INPROCESS_ROWS=session,token measures (or profiles, under --cpu-prof) only those rows.
    const only = process.env.INPROCESS_ROWS?.split(',');
    const measured = Object.entries(rows).filter(([name]) => !only || only.includes(name) || name === 'bare');
    const times = new Map<string, number[]>(measured.map(([name]) => [name, []]));
    const count = Number(requestsArgument);
    for (let round = 0; round < Number(roundsArgument); round += 1) {
      for (const [name, row] of measured) {
        const started = process.cpuUsage();
        const extra = row.extra;
        for (let i = 0; i < count; i += 1) {
          extra?.();
          const response = await row.app.fetch(row.request);
          await response.arrayBuffer();
        }
        const used = process.cpuUsage(started);
        times.get(name)?.push((used.user + used.system) / count);
      }
    }
    const bareUs = median(times.get('bare') ?? []);
    for (const [name, list] of times) {
      const us = median(list);
      process.stdout.write(
        `${name.padEnd(10)} ${us.toFixed(2).padStart(7)} µs  (+${(us - bareUs).toFixed(2)} µs, ${(bareUs / us).toFixed(2)}x)\n`,
      );
    }
    checker.close();
  } finally {
    await datastore.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
