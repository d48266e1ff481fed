/** Server-side sessions, found together with their user in one indexed join. */
import { type Kysely, sql, type Updateable } from 'kysely';
import { DatastoreError } from '../errors.js';
import type { SessionRecord, User } from '../types.js';
import { runPrecompiled } from './precompiled.js';
import type { QueryContext } from './query-context.js';
import { toSession, toUser } from './row-mappers.js';
import type { Database, SessionsTable } from './schema.js';
import { PRECISE_WRITE_MARK } from './write-tracking-dialect.js';

export async function createSession(ctx: QueryContext, record: SessionRecord): Promise<void> {
  const result = await ctx.db
    .insertInto('sessions')
    .values({
      id_hash: record.idHash,
      fs_uniquifier: record.fsUniquifier,
      authenticated_at: record.authenticatedAt,
      csrf_secret: record.csrfSecret,
      remember: record.remember ? 1 : 0,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
      data: JSON.stringify(record.data),
      last_seen_at: record.lastSeenAt ?? null,
      ip: record.ip ?? null,
      user_agent: record.userAgent ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) {
    throw new DatastoreError('SESSION_EXISTS', 'A session with this id already exists');
  }
}

// Joining on fs_uniquifier (not user id) is what makes a rotated uniquifier end the session.
function sessionWithUserQuery(db: Kysely<Database>) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.fs_uniquifier', 'sessions.fs_uniquifier')
    .selectAll('users')
    .select([
      'sessions.id_hash',
      'sessions.authenticated_at',
      'sessions.csrf_secret',
      'sessions.remember',
      'sessions.created_at',
      'sessions.expires_at',
      'sessions.data',
      'sessions.last_seen_at',
      'sessions.ip',
      'sessions.user_agent',
    ])
    .where('sessions.id_hash', '=', '')
    .where('sessions.expires_at', '>', 0);
}

type SessionWithUserRow = Awaited<
  ReturnType<ReturnType<typeof sessionWithUserQuery>['executeTakeFirstOrThrow']>
>;

export async function findSessionWithUser(
  ctx: QueryContext,
  idHash: string,
  nowMs: number,
): Promise<{ session: SessionRecord; user: User } | null> {
  // The hot path: one query per guarded request, compiled once (see precompiled.ts).
  const row = await runPrecompiled<SessionWithUserRow>(ctx.db, sessionWithUserQuery, [idHash, nowMs]);
  if (row === undefined) {
    return null;
  }
  return { session: toSession(row), user: toUser(row) };
}

export async function updateSession(
  ctx: QueryContext,
  idHash: string,
  patch: { authenticatedAt?: number; expiresAt?: number; data?: Record<string, unknown> },
): Promise<void> {
  const columns: Updateable<SessionsTable> = {};
  if (patch.authenticatedAt !== undefined) columns.authenticated_at = patch.authenticatedAt;
  if (patch.expiresAt !== undefined) columns.expires_at = patch.expiresAt;
  if (patch.data !== undefined) columns.data = JSON.stringify(patch.data);
  if (Object.keys(columns).length === 0) {
    return;
  }
  await ctx.db.updateTable('sessions').set(columns).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(ctx: QueryContext, idHash: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(ctx: QueryContext, fsUniquifier: string): Promise<number> {
  const result = await ctx.db
    .deleteFrom('sessions')
    .where('fs_uniquifier', '=', fsUniquifier)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function purgeExpiredSessions(ctx: QueryContext, nowMs: number): Promise<number> {
  const result = await ctx.db.deleteFrom('sessions').where('expires_at', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listUserSessions(
  ctx: QueryContext,
  fsUniquifier: string,
  nowMs: number,
): Promise<SessionRecord[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('fs_uniquifier', '=', fsUniquifier)
    .where('expires_at', '>', nowMs)
    .orderBy('created_at')
    .orderBy('id_hash')
    .execute();
  return rows.map(toSession);
}

export async function touchSession(
  ctx: QueryContext,
  idHash: string,
  times: { lastSeenAt: number; ifBefore: number },
): Promise<boolean> {
  // Conditional, so two processes recording the same minute write once (and no write repeats).
  const result = await ctx.db
    .updateTable('sessions')
    .set({ last_seen_at: times.lastSeenAt })
    .where('id_hash', '=', idHash)
    .where((eb) =>
      eb.or([
        eb('last_seen_at', '<', times.ifBefore),
        eb.and([eb('last_seen_at', 'is', null), eb('created_at', '<', times.ifBefore)]),
      ]),
    )
    // The datastore forgets this one session in its cache itself (KyselyDatastore.touchSession).
    .modifyEnd(sql.raw(PRECISE_WRITE_MARK))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
