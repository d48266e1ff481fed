/** Single-use link tokens, stored by hash; consuming one is a single conditional UPDATE. */
import { DatastoreError } from '../errors.js';
import type { LinkTokenRecord, NewLinkToken } from '../types.js';
import { atomically, type QueryContext } from './query-context.js';
import { toLinkToken } from './row-mappers.js';
import { isForeignKeyViolation } from './sql-errors.js';

function userNotFound(id: number, cause?: unknown): DatastoreError {
  return new DatastoreError('USER_NOT_FOUND', `No user with id ${id}`, { cause });
}

/**
 * Locks the owner's row on PostgreSQL so two superseding creates for one user take turns (else
 * both delete nothing and both insert, leaving two live links). NO KEY UPDATE does not block the
 * KEY SHARE lock that foreign-key checks take. SQLite's IMMEDIATE transactions already take turns.
 */
async function lockOwner(ctx: QueryContext, userId: number): Promise<void> {
  if (ctx.dialect !== 'postgres') {
    return;
  }
  const owner = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (owner === undefined) {
    throw userNotFound(userId);
  }
}

async function insertLinkToken(ctx: QueryContext, record: NewLinkToken): Promise<void> {
  let inserted: bigint;
  try {
    // ON CONFLICT DO NOTHING keeps a caller's PostgreSQL transaction usable after a duplicate.
    const result = await ctx.db
      .insertInto('link_tokens')
      .values({
        token_hash: record.tokenHash,
        purpose: record.purpose,
        user_id: record.userId,
        fs_uniquifier: record.fsUniquifier ?? null,
        data: JSON.stringify(record.data),
        created_at: record.createdAt,
        expires_at: record.expiresAt,
        used_at: null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    inserted = result.numInsertedOrUpdatedRows ?? 0n;
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw userNotFound(record.userId, error);
    }
    throw error;
  }
  if (inserted === 0n) {
    throw new DatastoreError('LINK_TOKEN_EXISTS', 'A link token with this hash already exists');
  }
}

export async function createLinkToken(
  ctx: QueryContext,
  record: NewLinkToken,
  options: { supersede: boolean },
): Promise<void> {
  if (!options.supersede) {
    return insertLinkToken(ctx, record);
  }
  return atomically(ctx, async (tx) => {
    await lockOwner(tx, record.userId);
    // Used tokens stay: they are the record that a link already did its job.
    await tx.db
      .deleteFrom('link_tokens')
      .where('user_id', '=', record.userId)
      .where('purpose', '=', record.purpose)
      .where('used_at', 'is', null)
      .execute();
    await insertLinkToken(tx, record);
  });
}

export async function findLinkToken(ctx: QueryContext, tokenHash: string): Promise<LinkTokenRecord | null> {
  const row = await ctx.db
    .selectFrom('link_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row === undefined ? null : toLinkToken(row);
}

export async function consumeLinkToken(
  ctx: QueryContext,
  tokenHash: string,
  nowMs: number,
): Promise<boolean> {
  // One statement: of two concurrent uses, the second finds used_at already set (PostgreSQL
  // re-checks the WHERE on the row the first one committed; SQLite runs writes one at a time).
  const result = await ctx.db
    .updateTable('link_tokens')
    .set({ used_at: nowMs })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowMs)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteUserLinkTokens(
  ctx: QueryContext,
  userId: number,
  purpose?: string,
): Promise<number> {
  let query = ctx.db.deleteFrom('link_tokens').where('user_id', '=', userId);
  if (purpose !== undefined) {
    query = query.where('purpose', '=', purpose);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes every unused token of the user, of every purpose: part of resetting access, so a link
 * mailed before a password change or deactivation can never be used after it. Used tokens stay
 * (a replay still reads "already used").
 */
export async function deleteUnusedLinkTokens(ctx: QueryContext, userId: number): Promise<number> {
  const result = await ctx.db
    .deleteFrom('link_tokens')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function purgeExpiredLinkTokens(ctx: QueryContext, nowMs: number): Promise<number> {
  const result = await ctx.db.deleteFrom('link_tokens').where('expires_at', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
