/** WebAuthn credentials, user handles and ceremony states (migration 0009). */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { DatastoreError } from '../errors.js';
import type { User } from '../types.js';
import type {
  NewWebAuthnCredential,
  WebAuthnCredential,
  WebAuthnDeletion,
  WebAuthnStateRecord,
  WebAuthnUsage,
} from '../webauthn-types.js';
import { atomically, type QueryContext } from './query-context.js';
import { toUser } from './row-mappers.js';
import { isForeignKeyViolation } from './sql-errors.js';
import type { WebAuthnCredentialsTable, WebAuthnStatesTable } from './webauthn-schema.js';

function toCredential(row: Selectable<WebAuthnCredentialsTable>): WebAuthnCredential {
  return {
    id: row.id,
    userId: row.user_id,
    credentialId: row.credential_id,
    publicKey: row.public_key,
    signCount: Number(row.sign_count),
    transports: JSON.parse(row.transports) as string[],
    backupEligible: row.backup_eligible === 1,
    backupState: row.backup_state === 1,
    deviceType: row.device_type,
    aaguid: row.aaguid,
    name: row.name,
    usage: row.usage as WebAuthnUsage,
    discoverable: row.discoverable === null ? null : row.discoverable === 1,
    counterRegressedAt: row.counter_regressed_at === null ? null : Number(row.counter_regressed_at),
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
  };
}

function toState(row: Selectable<WebAuthnStatesTable>): WebAuthnStateRecord {
  return {
    tokenHash: row.token_hash,
    purpose: row.purpose,
    userId: row.user_id,
    bindingHash: row.binding_hash,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

export async function createWebAuthnCredential(
  ctx: QueryContext,
  input: NewWebAuthnCredential,
): Promise<WebAuthnCredential> {
  let row: Selectable<WebAuthnCredentialsTable> | undefined;
  try {
    // ON CONFLICT DO NOTHING (either unique key) keeps a caller's PostgreSQL transaction usable.
    row = await ctx.db
      .insertInto('webauthn_credentials')
      .values({
        user_id: input.userId,
        credential_id: input.credentialId,
        public_key: input.publicKey,
        sign_count: input.signCount,
        transports: JSON.stringify(input.transports),
        backup_eligible: input.backupEligible ? 1 : 0,
        backup_state: input.backupState ? 1 : 0,
        device_type: input.deviceType,
        aaguid: input.aaguid,
        name: input.name,
        usage: input.usage,
        discoverable: input.discoverable === null ? null : input.discoverable ? 1 : 0,
        counter_regressed_at: null,
        created_at: input.createdAt,
        last_used_at: input.createdAt,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new DatastoreError('USER_NOT_FOUND', `No user with id ${input.userId}`, { cause: error });
    }
    throw error;
  }
  if (row !== undefined) return toCredential(row);
  if (await findWebAuthnCredential(ctx, input.credentialId)) {
    throw new DatastoreError(
      'WEBAUTHN_CREDENTIAL_EXISTS',
      'This WebAuthn credential id is already registered',
    );
  }
  throw new DatastoreError('WEBAUTHN_NAME_EXISTS', 'The user already has a WebAuthn credential of this name');
}

export async function listWebAuthnCredentials(
  ctx: QueryContext,
  userId: number,
): Promise<WebAuthnCredential[]> {
  const rows = await ctx.db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toCredential);
}

export async function findWebAuthnCredential(
  ctx: QueryContext,
  credentialId: string,
): Promise<WebAuthnCredential | null> {
  const row = await ctx.db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return row === undefined ? null : toCredential(row);
}

/** One conditional UPDATE: of two racing assertions with the same count, only one records. */
export async function recordWebAuthnUse(
  ctx: QueryContext,
  credentialId: string,
  use: { signCount: number; backupState: boolean; nowMs: number },
): Promise<boolean> {
  const result = await ctx.db
    .updateTable('webauthn_credentials')
    .set({ sign_count: use.signCount, backup_state: use.backupState ? 1 : 0, last_used_at: use.nowMs })
    .where('credential_id', '=', credentialId)
    .where('counter_regressed_at', 'is', null)
    // Authenticators that keep no counter report 0 every time (WebAuthn §6.1.1): 0 after 0 is fine.
    .where('sign_count', use.signCount === 0 ? '=' : '<', use.signCount)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markWebAuthnCounterRegressed(
  ctx: QueryContext,
  credentialId: string,
  nowMs: number,
): Promise<void> {
  await ctx.db
    .updateTable('webauthn_credentials')
    .set({ counter_regressed_at: nowMs })
    .where('credential_id', '=', credentialId)
    .where('counter_regressed_at', 'is', null)
    .execute();
}

export async function deleteWebAuthnCredential(
  ctx: QueryContext,
  userId: number,
  name: string,
  options: { keepOneFirstFactor?: boolean } = {},
): Promise<WebAuthnDeletion> {
  return atomically(ctx, async (tx) => {
    // The owner's row is the lock two racing deletes take turns on (PostgreSQL; SQLite's
    // IMMEDIATE transactions already do), so each counts what the other left.
    if (tx.dialect === 'postgres') {
      await tx.db.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
    }
    const rows = await tx.db
      .selectFrom('webauthn_credentials')
      .select(['name', 'usage'])
      .where('user_id', '=', userId)
      .execute();
    const target = rows.find((row) => row.name === name);
    if (!target) return 'missing';
    const otherFirst = rows.some((row) => row.name !== name && row.usage === 'first');
    if (options.keepOneFirstFactor && target.usage === 'first' && !otherFirst) return 'last-way-in';
    await tx.db
      .deleteFrom('webauthn_credentials')
      .where('user_id', '=', userId)
      .where('name', '=', name)
      .execute();
    return 'deleted';
  });
}

export async function ensureWebAuthnUserHandle(ctx: QueryContext, userId: number): Promise<string> {
  // Set only while null: a racing request that set it first wins and both read its value.
  await ctx.db
    .updateTable('users')
    .set({ fs_webauthn_user_handle: randomBytes(16).toString('hex') })
    .where('id', '=', userId)
    .where('fs_webauthn_user_handle', 'is', null)
    .execute();
  const row = await ctx.db
    .selectFrom('users')
    .select('fs_webauthn_user_handle')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row?.fs_webauthn_user_handle) {
    throw new DatastoreError('USER_NOT_FOUND', `No user with id ${userId}`);
  }
  return row.fs_webauthn_user_handle;
}

export async function findUserByWebAuthnUserHandle(
  ctx: QueryContext,
  userHandle: string,
): Promise<User | null> {
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('fs_webauthn_user_handle', '=', userHandle)
    .executeTakeFirst();
  return row === undefined ? null : toUser(row);
}

export async function createWebAuthnState(ctx: QueryContext, record: WebAuthnStateRecord): Promise<void> {
  await ctx.db
    .insertInto('webauthn_states')
    .values({
      token_hash: record.tokenHash,
      purpose: record.purpose,
      user_id: record.userId,
      binding_hash: record.bindingHash,
      data: JSON.stringify(record.data),
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    })
    .execute();
}

/** DELETE … RETURNING: the one request whose delete removed the row gets it, no other. */
export async function consumeWebAuthnState(
  ctx: QueryContext,
  tokenHash: string,
): Promise<WebAuthnStateRecord | null> {
  const row = await ctx.db
    .deleteFrom('webauthn_states')
    .where('token_hash', '=', tokenHash)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : toState(row);
}

export async function purgeExpiredWebAuthnStates(ctx: QueryContext, nowMs: number): Promise<number> {
  const result = await ctx.db
    .deleteFrom('webauthn_states')
    .where('expires_at', '<=', nowMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
