/** The TOTP replay guard and pending second-factor sign-ins (migration 0007). */
import type { Selectable } from 'kysely';
import { DatastoreError } from '../errors.js';
import type { PendingLoginRecord, User } from '../types.js';
import type { QueryContext } from './query-context.js';
import { toUser } from './row-mappers.js';
import type { PendingLoginsTable } from './schema.js';

/**
 * One conditional write: of two requests carrying the same code, only the one whose UPDATE
 * changed the row may count as a success (docs/services.md, "Replay refusal").
 */
export async function recordTOTPStep(ctx: QueryContext, userId: number, step: number): Promise<boolean> {
  const result = await ctx.db
    .updateTable('users')
    .set({ tf_totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('tf_totp_last_step', 'is', null), eb('tf_totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toPendingLogin(row: Selectable<PendingLoginsTable>): PendingLoginRecord {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    fsUniquifier: row.fs_uniquifier,
    csrfSecret: row.csrf_secret,
    remember: row.remember === 1,
    method: row.method,
    attempts: row.attempts,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

export async function createPendingLogin(ctx: QueryContext, record: PendingLoginRecord): Promise<void> {
  const result = await ctx.db
    .insertInto('pending_logins')
    .values({
      id_hash: record.idHash,
      user_id: record.userId,
      fs_uniquifier: record.fsUniquifier,
      csrf_secret: record.csrfSecret,
      remember: record.remember ? 1 : 0,
      method: record.method,
      attempts: record.attempts,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) {
    throw new DatastoreError('SESSION_EXISTS', 'A pending login with this id already exists');
  }
}

/** Joined on both id and fs_uniquifier: a rotated uniquifier (password change, reset) ends it. */
export async function findPendingLogin(
  ctx: QueryContext,
  idHash: string,
  nowMs: number,
): Promise<{ pending: PendingLoginRecord; user: User } | null> {
  const row = await ctx.db
    .selectFrom('pending_logins')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'pending_logins.user_id')
        .onRef('users.fs_uniquifier', '=', 'pending_logins.fs_uniquifier'),
    )
    .selectAll('users')
    .select([
      'pending_logins.id_hash',
      'pending_logins.user_id',
      'pending_logins.csrf_secret',
      'pending_logins.remember',
      'pending_logins.method',
      'pending_logins.attempts',
      'pending_logins.created_at',
      'pending_logins.expires_at',
    ])
    .where('pending_logins.id_hash', '=', idHash)
    .where('pending_logins.expires_at', '>', nowMs)
    .executeTakeFirst();
  if (row === undefined) return null;
  return { pending: toPendingLogin(row), user: toUser(row) };
}

/** `attempts + 1 … RETURNING`: concurrent guesses each see their own count, so the cap holds. */
export async function countPendingLoginAttempt(ctx: QueryContext, idHash: string): Promise<number | null> {
  const row = await ctx.db
    .updateTable('pending_logins')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id_hash', '=', idHash)
    .returning('attempts')
    .executeTakeFirst();
  return row === undefined ? null : row.attempts;
}

export async function deletePendingLogin(ctx: QueryContext, idHash: string): Promise<boolean> {
  const result = await ctx.db.deleteFrom('pending_logins').where('id_hash', '=', idHash).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function purgeExpiredPendingLogins(ctx: QueryContext, nowMs: number): Promise<number> {
  const result = await ctx.db
    .deleteFrom('pending_logins')
    .where('expires_at', '<=', nowMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
