/** User lookups and changes, including the uniquifier rotations that end sessions and tokens. */
import type { Kysely, Selectable, Updateable } from 'kysely';
import { DatastoreError } from '../errors.js';
import type { CreateUserInput, IdentityAttribute, User, UserPatch } from '../types.js';
import { deleteUnusedLinkTokens } from './link-token-queries.js';
import { runPrecompiled } from './precompiled.js';
import { atomically, type QueryContext } from './query-context.js';
import { findRoleIds } from './role-queries.js';
import { dateToMs, newUniquifier, toUser } from './row-mappers.js';
import type { Database, UsersTable } from './schema.js';
import { isUniqueViolation } from './sql-errors.js';

function userExists(cause?: unknown): DatastoreError {
  // The message leaves the address out: it ends up in logs.
  return new DatastoreError('USER_EXISTS', 'A user with this email or username already exists', { cause });
}

function userNotFound(id: number): DatastoreError {
  return new DatastoreError('USER_NOT_FOUND', `No user with id ${id}`);
}

function identityColumn(
  attribute: IdentityAttribute,
  value: string,
): ['email_lower' | 'username_lower', string] {
  if (attribute === 'email') {
    return ['email_lower', value.toLowerCase()];
  }
  if (attribute === 'username') {
    return ['username_lower', value.toLowerCase()];
  }
  // Reachable from untyped configuration (userIdentityAttributes).
  throw new RangeError(`Unknown identity attribute: ${String(attribute)}`);
}

export async function findUserByIdentity(
  ctx: QueryContext,
  attribute: IdentityAttribute,
  value: string,
): Promise<User | null> {
  // No stored identity holds a NUL (PostgreSQL text cannot), and PostgreSQL refuses a parameter
  // with one outright: answer "no such user" instead of letting the driver error become a 500.
  if (value.includes('\0')) return null;
  const [column, needle] = identityColumn(attribute, value);
  const row = await ctx.db.selectFrom('users').selectAll().where(column, '=', needle).executeTakeFirst();
  return row === undefined ? null : toUser(row);
}

export async function findUserById(ctx: QueryContext, id: number): Promise<User | null> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toUser(row);
}

export async function findUserByUniquifier(ctx: QueryContext, fsUniquifier: string): Promise<User | null> {
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('fs_uniquifier', '=', fsUniquifier)
    .executeTakeFirst();
  return row === undefined ? null : toUser(row);
}

// Flask-Security signs tokens with fs_uniquifier for users that never got a token uniquifier.
// On every token-authenticated request, so compiled once (see precompiled.ts).
function userByTokenUniquifierQuery(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('fs_token_uniquifier', '=', ''),
        eb.and([eb('fs_token_uniquifier', 'is', null), eb('fs_uniquifier', '=', '')]),
      ]),
    );
}

export async function findUserByTokenUniquifier(ctx: QueryContext, value: string): Promise<User | null> {
  const row = await runPrecompiled<Selectable<UsersTable>>(ctx.db, userByTokenUniquifierQuery, [
    value,
    value,
  ]);
  return row === undefined ? null : toUser(row);
}

export async function createUser(ctx: QueryContext, input: CreateUserInput): Promise<User> {
  return atomically(ctx, async (tx) => {
    // Roles first: a missing one must leave no user behind, even inside a caller's transaction.
    const roleIds = await findRoleIds(tx, input.roles ?? []);
    const nowMs = Date.now();
    // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement
    // would poison a caller's surrounding transaction.
    const row = await tx.db
      .insertInto('users')
      .values({
        email: input.email,
        email_lower: input.email.toLowerCase(),
        username: input.username ?? null,
        username_lower: input.username?.toLowerCase() ?? null,
        password: input.password ?? null,
        active: input.active === false ? 0 : 1,
        fs_uniquifier: newUniquifier(),
        fs_token_uniquifier: null,
        confirmed_at: dateToMs(input.confirmedAt ?? null),
        login_count: 0,
        create_datetime: nowMs,
        update_datetime: nowMs,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      throw userExists();
    }
    if (roleIds.length > 0) {
      await tx.db
        .insertInto('roles_users')
        .values(roleIds.map((roleId) => ({ user_id: row.id, role_id: roleId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return toUser(row);
  });
}

function patchToColumns(patch: UserPatch): Updateable<UsersTable> {
  const columns: Updateable<UsersTable> = { update_datetime: Date.now() };
  if (patch.email !== undefined) {
    columns.email = patch.email;
    columns.email_lower = patch.email.toLowerCase();
  }
  if (patch.username !== undefined) {
    columns.username = patch.username;
    columns.username_lower = patch.username?.toLowerCase() ?? null;
  }
  if (patch.password !== undefined) columns.password = patch.password;
  if (patch.confirmedAt !== undefined) columns.confirmed_at = dateToMs(patch.confirmedAt);
  if (patch.lastLoginAt !== undefined) columns.last_login_at = dateToMs(patch.lastLoginAt);
  if (patch.currentLoginAt !== undefined) columns.current_login_at = dateToMs(patch.currentLoginAt);
  if (patch.lastLoginIp !== undefined) columns.last_login_ip = patch.lastLoginIp;
  if (patch.currentLoginIp !== undefined) columns.current_login_ip = patch.currentLoginIp;
  if (patch.loginCount !== undefined) columns.login_count = patch.loginCount;
  if (patch.tfPrimaryMethod !== undefined) columns.tf_primary_method = patch.tfPrimaryMethod;
  if (patch.tfTotpSecret !== undefined) columns.tf_totp_secret = patch.tfTotpSecret;
  if (patch.tfTotpLastStep !== undefined) columns.tf_totp_last_step = patch.tfTotpLastStep;
  if (patch.tfPhoneNumber !== undefined) columns.tf_phone_number = patch.tfPhoneNumber;
  return columns;
}

/** Writes columns to one user and returns the row as stored; unique clashes become USER_EXISTS. */
async function updateColumns(ctx: QueryContext, id: number, columns: Updateable<UsersTable>): Promise<User> {
  try {
    const row = await ctx.db
      .updateTable('users')
      .set(columns)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      throw userNotFound(id);
    }
    return toUser(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw userExists(error);
    }
    throw error;
  }
}

export async function updateUser(ctx: QueryContext, user: User, patch: UserPatch): Promise<User> {
  return updateColumns(ctx, user.id, patchToColumns(patch));
}

/** New fs_uniquifier (sessions, tokens without their own) and fs_token_uniquifier (tokens). */
function rotatedUniquifiers(): Pick<
  Updateable<UsersTable>,
  'fs_uniquifier' | 'fs_token_uniquifier' | 'update_datetime'
> {
  return {
    fs_uniquifier: newUniquifier(),
    fs_token_uniquifier: newUniquifier(),
    update_datetime: Date.now(),
  };
}

/** Sessions join on fs_uniquifier, so rows of a rotated uniquifier are dead weight: drop them. */
async function deleteSessionsOfUser(
  ctx: QueryContext,
  id: number,
  options: { onlyIfActive?: boolean } = {},
): Promise<void> {
  await ctx.db
    .deleteFrom('sessions')
    .where('fs_uniquifier', '=', (eb) => {
      let owner = eb.selectFrom('users').select('users.fs_uniquifier').where('users.id', '=', id);
      if (options.onlyIfActive === true) {
        owner = owner.where('users.active', '=', 1);
      }
      return owner;
    })
    .execute();
}

export async function deleteUser(ctx: QueryContext, user: User): Promise<boolean> {
  return atomically(ctx, async (tx) => {
    await deleteSessionsOfUser(tx, user.id);
    const result = await tx.db.deleteFrom('users').where('id', '=', user.id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}

/**
 * A new fs_token_uniquifier too: an inactive user can hold no token worth keeping, and a token
 * that outlived a deactivation (one done by an older version, or by writing `active` directly)
 * must not come back with the account.
 */
export async function activateUser(ctx: QueryContext, user: User): Promise<boolean> {
  const result = await ctx.db
    .updateTable('users')
    .set({ active: 1, fs_token_uniquifier: newUniquifier(), update_datetime: Date.now() })
    .where('id', '=', user.id)
    .where('active', '=', 0)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deactivation is also a full reset: activating the user later revives no session, token or link. */
export async function deactivateUser(ctx: QueryContext, user: User): Promise<boolean> {
  return atomically(ctx, async (tx) => {
    await deleteSessionsOfUser(tx, user.id, { onlyIfActive: true });
    const result = await tx.db
      .updateTable('users')
      .set({ active: 0, ...rotatedUniquifiers() })
      .where('id', '=', user.id)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      return false;
    }
    await deleteUnusedLinkTokens(tx, user.id);
    return true;
  });
}

export async function setUniquifier(ctx: QueryContext, user: User, value?: string): Promise<User> {
  return atomically(ctx, async (tx) => {
    await deleteSessionsOfUser(tx, user.id);
    return updateColumns(tx, user.id, {
      fs_uniquifier: value ?? newUniquifier(),
      update_datetime: Date.now(),
    });
  });
}

export async function setTokenUniquifier(ctx: QueryContext, user: User, value?: string): Promise<User> {
  return updateColumns(ctx, user.id, {
    fs_token_uniquifier: value ?? newUniquifier(),
    update_datetime: Date.now(),
  });
}

export async function resetUserAccess(ctx: QueryContext, user: User): Promise<User> {
  return atomically(ctx, async (tx) => {
    await deleteSessionsOfUser(tx, user.id);
    // The row update first: on PostgreSQL its lock makes a concurrent link issue (which locks the
    // owner) finish first or wait, so the delete below sees it; one written after the reset by a
    // request that read the user before carries the old uniquifier, which checkLinkToken refuses.
    const updated = await updateColumns(tx, user.id, rotatedUniquifiers());
    await deleteUnusedLinkTokens(tx, user.id);
    return updated;
  });
}
