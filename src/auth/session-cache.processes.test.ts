/**
 * Two Security instances on one database are two processes' view of it: each has its own
 * session cache, and a revocation written through one (or through any other connection, as the
 * CLI does) must refuse the very next request on the other — on SQLite at once, on PostgreSQL as
 * soon as the notification is delivered (awaited here, never slept for).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DEMO_ROUTES, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createTestDatabase } from '../../test/services/postgres.js';
import { createPostgresDatastore, type PostgresSessionCacheOptions } from '../datastore/postgres.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore, User } from '../datastore/types.js';
import { createTestSecurity, TEST_ORIGIN, type TestSecurity } from '../testing/create-test-security.js';
import { TestClient } from '../testing/test-client.js';
import type { CacheChange, SessionCacheStats } from './session-cache.js';

interface Pair {
  readonly a: TestSecurity;
  readonly b: TestSecurity;
  readonly statsA: SessionCacheStats;
  readonly user: User;
  /** A client of A signed in as JOE, and one of B carrying the same cookie. */
  readonly onA: TestClient;
  readonly onB: TestClient;
  /** Resolves with A's next change notification (PostgreSQL). */
  nextChangeOnA(): Promise<CacheChange>;
  /** Runs SQL through a connection that is neither instance's (the CLI, psql). */
  otherConnection(sqlText: string): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pairOn(
  open: (options: { stats: SessionCacheStats; onChange: (c: CacheChange) => void }) => Promise<Datastore>,
  openB: () => Promise<Datastore>,
  otherConnection: (sqlText: string) => Promise<void>,
): Promise<Pair> {
  const statsA = { hits: 0, misses: 0 };
  const waiting: Array<(change: CacheChange) => void> = [];
  const storeA = await open({
    stats: statsA,
    onChange: (change) => {
      for (const resolve of waiting.splice(0)) resolve(change);
    },
  });
  const a = await createTestSecurity({ datastore: storeA, routes: DEMO_ROUTES });
  cleanups.push(() => a.close());
  const b = await createTestSecurity({ datastore: await openB(), routes: DEMO_ROUTES });
  cleanups.push(() => b.close());
  const user = await a.createUser(JOE.email, JOE.password);
  const onA = a.client();
  expect((await loginJson(onA, JOE)).status).toBe(200);
  const onB = new TestClient(b.fetch, TEST_ORIGIN);
  for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
  return {
    a,
    b,
    statsA,
    user,
    onA,
    onB,
    nextChangeOnA: () => new Promise((resolve) => waiting.push(resolve)),
    otherConnection,
  };
}

async function sqlitePair(): Promise<Pair> {
  const directory = mkdtempSync(join(tmpdir(), 'barbican-cache-'));
  cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
  const filename = join(directory, 'app.db');
  return pairOn(
    (cache) => createSqliteDatastore({ filename, sessionCache: cache }),
    () => createSqliteDatastore({ filename }),
    async (sqlText) => {
      const cli = new BetterSqlite3(filename);
      try {
        cli.prepare(sqlText).run();
      } finally {
        cli.close();
      }
    },
  );
}

async function postgresPair(cacheOptions: PostgresSessionCacheOptions = {}): Promise<Pair> {
  const serverUrl = inject('postgresUrl');
  if (!serverUrl) throw new Error('PostgreSQL is not available in this run');
  const database = await createTestDatabase(serverUrl);
  cleanups.push(() => database.drop());
  const connectionString = database.url;
  return pairOn(
    (cache) =>
      createPostgresDatastore({ connectionString, max: 4, sessionCache: { ...cacheOptions, ...cache } }),
    () => createPostgresDatastore({ connectionString, max: 4 }),
    async (sqlText) => {
      const cli = new pg.Client({ connectionString });
      await cli.connect();
      try {
        await cli.query(sqlText);
      } finally {
        await cli.end();
      }
    },
  );
}

const guarded = (client: TestClient) => client.getJson('/api/session-only');

/** A burst of guarded requests on A: the cache serves all but the first. */
async function warm(pair: Pair): Promise<void> {
  for (let i = 0; i < 10; i += 1) expect((await guarded(pair.onA)).status).toBe(200);
  expect(pair.statsA.hits).toBeGreaterThanOrEqual(9);
}

/** Guarded requests on A racing `revoke`: each one answers 200 or 401, never anything else. */
async function race(pair: Pair, revoke: () => Promise<unknown>): Promise<void> {
  const burst = Array.from({ length: 30 }, () => guarded(pair.onA));
  await revoke();
  const statuses = new Set((await Promise.all(burst)).map((r) => r.status));
  for (const status of statuses) expect([200, 401]).toContain(status);
}

const postgres = inject('postgresUrl') !== null;

describe.each([
  ['sqlite', sqlitePair, true],
  ['postgres', () => postgresPair(), postgres],
] as const)('session cache across two instances (%s)', (kind, makePair, available) => {
  const test = it.skipIf(!available);
  /** On PostgreSQL a change reaches A when its notification is delivered: wait for exactly that. */
  const revoked = async (pair: Pair, revoke: () => Promise<unknown>) => {
    const delivered = kind === 'postgres' ? pair.nextChangeOnA() : Promise.resolve(null);
    await race(pair, revoke);
    await delivered;
  };

  test('a logout on B refuses the next request on A', async () => {
    const pair = await makePair();
    await warm(pair);
    await revoked(pair, () => pair.onB.post('/logout', { headers: { accept: 'application/json' } }));
    expect((await guarded(pair.onA)).status).toBe(401);
  });

  test("A's own logout refuses its next request at once, before any notification", async () => {
    const pair = await makePair();
    await warm(pair);
    const captured = new TestClient(pair.a.fetch, TEST_ORIGIN);
    for (const [name, value] of pair.onA.cookies) captured.cookies.set(name, value);
    await race(pair, () => pair.onA.post('/logout', { headers: { accept: 'application/json' } }));
    expect((await guarded(captured)).status).toBe(401);
  });

  test('deactivating the user through B refuses the next request on A', async () => {
    const pair = await makePair();
    await warm(pair);
    await revoked(pair, () => pair.b.datastore.deactivateUser(pair.user));
    expect((await guarded(pair.onA)).status).toBe(401);
  });

  test('a new fs_uniquifier written through B refuses the next request on A', async () => {
    const pair = await makePair();
    await warm(pair);
    await revoked(pair, async () => {
      await pair.b.datastore.setUniquifier(pair.user);
      await pair.b.datastore.deleteUserSessions(pair.user.fsUniquifier);
    });
    expect((await guarded(pair.onA)).status).toBe(401);
  });

  test('sessions deleted by another connection (the CLI, psql) refuse the next request on A', async () => {
    const pair = await makePair();
    await warm(pair);
    await revoked(pair, () => pair.otherConnection('DELETE FROM sessions'));
    expect((await guarded(pair.onA)).status).toBe(401);
  });

  test("one session's last-seen write on A forgets that session alone, not A's whole cache", async () => {
    const pair = await makePair();
    await warm(pair);
    const second = pair.a.client();
    expect((await loginJson(second, JOE)).status).toBe(200);
    expect((await guarded(second)).status).toBe(200);
    expect((await guarded(second)).status).toBe(200);
    const records = await pair.a.datastore.listUserSessions(pair.user.fsUniquifier, Date.now());
    expect(records).toHaveLength(2);
    const touched = records[0];
    if (!touched) throw new Error('no session to touch');
    const now = Date.now();
    expect(await pair.a.datastore.touchSession(touched.idHash, { lastSeenAt: now, ifBefore: now + 1 })).toBe(
      true,
    );
    const { hits, misses } = pair.statsA;
    expect([(await guarded(pair.onA)).status, (await guarded(second)).status]).toEqual([200, 200]);
    // The touched session is read again; the other is still served from the cache.
    expect([pair.statsA.hits - hits, pair.statsA.misses - misses]).toEqual([1, 1]);
  });

  /** A token of JOE's, and a burst on A's token route that leaves its user in A's cache. */
  async function warmToken(pair: Pair): Promise<(client: TestClient) => Promise<{ status: number }>> {
    const login = await loginJson(pair.a.client(), JOE, '?include_auth_token');
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    const withToken = (client: TestClient) => client.getJson('/api/token', { 'authentication-token': token });
    const hits = pair.statsA.hits;
    for (let i = 0; i < 10; i += 1) expect((await withToken(pair.onA)).status).toBe(200);
    expect(pair.statsA.hits - hits).toBeGreaterThanOrEqual(9);
    return withToken;
  }

  test("a new fs_token_uniquifier written through B refuses A's next request with the old token", async () => {
    const pair = await makePair();
    const withToken = await warmToken(pair);
    const delivered = kind === 'postgres' ? pair.nextChangeOnA() : Promise.resolve(null);
    await pair.b.datastore.setTokenUniquifier(pair.user);
    await delivered;
    expect((await withToken(pair.onA)).status).toBe(401);
  });

  test("deactivating the user through another connection refuses A's next token request", async () => {
    const pair = await makePair();
    const withToken = await warmToken(pair);
    const delivered = kind === 'postgres' ? pair.nextChangeOnA() : Promise.resolve(null);
    await pair.otherConnection('UPDATE users SET active = 0');
    await delivered;
    expect((await withToken(pair.onA)).status).toBe(401);
  });
});

describe.skipIf(!postgres)('session cache on PostgreSQL while its LISTEN connection is down', () => {
  it('serves a cached session for at most maxStalenessMs, then reads again', async () => {
    let clock = 0;
    // Held down for the whole test: no reconnect within it.
    const pair = await postgresPair({ now: () => clock, maxStalenessMs: 1000, reconnectDelayMs: 600_000 });
    await warm(pair);
    const dropped = pair.nextChangeOnA();
    await pair.otherConnection(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
    );
    // Losing the connection drops everything cached before it.
    expect(await dropped).toEqual({ kind: 'all' });
    const misses = pair.statsA.misses;
    expect((await guarded(pair.onA)).status).toBe(200);
    expect(pair.statsA.misses).toBe(misses + 1);
    await pair.b.datastore.deleteUserSessions(pair.user.fsUniquifier);
    // No notification can arrive: the entry read at 0 may be served up to the bound, never after.
    clock = 1000;
    expect((await guarded(pair.onA)).status).toBe(200);
    clock = 1001;
    expect((await guarded(pair.onA)).status).toBe(401);
  });
});
