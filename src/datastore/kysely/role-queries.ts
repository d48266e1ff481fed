/** Roles, their permissions and who holds them. */
import { DatastoreError } from '../errors.js';
import type { CreateRoleInput, Role, User } from '../types.js';
import { atomically, type QueryContext } from './query-context.js';
import { normalizePermissions, toRole } from './row-mappers.js';
import { isForeignKeyViolation } from './sql-errors.js';

function roleNotFound(name: string): DatastoreError {
  return new DatastoreError('ROLE_NOT_FOUND', `No role named ${JSON.stringify(name)}`);
}

/** The ids of the named roles, in order; throws ROLE_NOT_FOUND naming the first missing one. */
export async function findRoleIds(ctx: QueryContext, names: readonly string[]): Promise<number[]> {
  if (names.length === 0) {
    return [];
  }
  const rows = await ctx.db.selectFrom('roles').select(['id', 'name']).where('name', 'in', names).execute();
  const idByName = new Map(rows.map((row) => [row.name, row.id]));
  return names.map((name) => {
    const id = idByName.get(name);
    if (id === undefined) {
      throw roleNotFound(name);
    }
    return id;
  });
}

export async function createRole(ctx: QueryContext, input: CreateRoleInput): Promise<Role> {
  // ON CONFLICT DO NOTHING keeps a caller's PostgreSQL transaction usable after a duplicate.
  const row = await ctx.db
    .insertInto('roles')
    .values({
      name: input.name,
      description: input.description ?? null,
      permissions: JSON.stringify(normalizePermissions(input.permissions ?? [])),
      update_datetime: Date.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) {
    throw new DatastoreError('ROLE_EXISTS', `A role named ${JSON.stringify(input.name)} already exists`);
  }
  return toRole(row);
}

export async function findRole(ctx: QueryContext, name: string): Promise<Role | null> {
  const row = await ctx.db.selectFrom('roles').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? null : toRole(row);
}

export async function listRoles(ctx: QueryContext): Promise<Role[]> {
  const rows = await ctx.db.selectFrom('roles').selectAll().orderBy('name').execute();
  return rows.map(toRole);
}

export async function deleteRole(ctx: QueryContext, name: string): Promise<boolean> {
  const result = await ctx.db.deleteFrom('roles').where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function addRoleToUser(ctx: QueryContext, user: User, roleName: string): Promise<boolean> {
  const [roleId] = await findRoleIds(ctx, [roleName]);
  if (roleId === undefined) {
    throw roleNotFound(roleName);
  }
  try {
    const result = await ctx.db
      .insertInto('roles_users')
      .values({ user_id: user.id, role_id: roleId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  } catch (error) {
    // The role was just found, so a dangling reference is the user (or a role deleted meanwhile).
    if (isForeignKeyViolation(error)) {
      throw new DatastoreError('USER_NOT_FOUND', `No user with id ${user.id}`, { cause: error });
    }
    throw error;
  }
}

export async function removeRoleFromUser(ctx: QueryContext, user: User, roleName: string): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('roles_users')
    .where('user_id', '=', user.id)
    .where('role_id', '=', (eb) =>
      eb.selectFrom('roles').select('roles.id').where('roles.name', '=', roleName),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function getUserRoles(ctx: QueryContext, user: User): Promise<Role[]> {
  const rows = await ctx.db
    .selectFrom('roles')
    .innerJoin('roles_users', 'roles_users.role_id', 'roles.id')
    .selectAll('roles')
    .where('roles_users.user_id', '=', user.id)
    .orderBy('roles.name')
    .execute();
  return rows.map(toRole);
}

/** Read-modify-write of one role's permission list, with the row locked on PostgreSQL. */
async function changePermissions(
  ctx: QueryContext,
  roleName: string,
  change: (current: readonly string[]) => Iterable<string>,
): Promise<Role> {
  return atomically(ctx, async (tx) => {
    let select = tx.db.selectFrom('roles').selectAll().where('name', '=', roleName);
    // SQLite has no FOR UPDATE; its transactions begin IMMEDIATE, which already serializes writers.
    if (tx.dialect === 'postgres') {
      select = select.forUpdate();
    }
    const current = await select.executeTakeFirst();
    if (current === undefined) {
      throw roleNotFound(roleName);
    }
    const permissions = normalizePermissions(change(toRole(current).permissions));
    const row = await tx.db
      .updateTable('roles')
      .set({ permissions: JSON.stringify(permissions), update_datetime: Date.now() })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRole(row);
  });
}

export async function addPermissionsToRole(
  ctx: QueryContext,
  roleName: string,
  permissions: readonly string[],
): Promise<Role> {
  return changePermissions(ctx, roleName, (current) => [...current, ...permissions]);
}

export async function removePermissionsFromRole(
  ctx: QueryContext,
  roleName: string,
  permissions: readonly string[],
): Promise<Role> {
  const removed = new Set(permissions);
  return changePermissions(ctx, roleName, (current) => current.filter((name) => !removed.has(name)));
}
