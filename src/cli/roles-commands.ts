/** `barbican roles …`: roles, who holds them, and their permissions. Changes reach live sessions at once. */
import type { Datastore, Role, User } from '../datastore/types.js';
import { cliSettingsFromEnv } from './cli-settings.js';
import {
  type CommandAbout,
  type CommandGroup,
  type CommandSpec,
  failed,
  succeeded,
  usageError,
} from './command.js';
import { findUser } from './identity.js';

const ROLE_ARGUMENT = { name: 'ROLE', doc: 'Name of an existing role.' };
const USER_ARGUMENT = { name: 'EMAIL', doc: "The user's email address (a username also works)." };
const PERMISSIONS_ARGUMENT = {
  name: 'PERMISSIONS',
  doc: 'Comma-separated permission names, e.g. read,write.',
};

/** "a, b ,,c" → ['a', 'b', 'c']. */
function parsePermissions(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function describePermissions(role: Role): string {
  return role.permissions.length === 0
    ? `Role ${role.name} now has no permissions.`
    : `Role ${role.name} now has permissions ${role.permissions.join(', ')}.`;
}

function roleName(input: string | undefined): string {
  return (input ?? '').trim();
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a role',
  arguments: [{ name: 'NAME', doc: 'Name of the new role.' }],
  options: {
    description: { type: 'string', valueName: 'TEXT', doc: 'What the role is for.' },
    permissions: { type: 'string', valueName: 'LIST', doc: 'Comma-separated permissions, e.g. read,write.' },
  },
  async run({ line, openDatastore }) {
    const name = roleName(line.args[0]);
    if (name === '') return usageError('A role name cannot be empty.');
    const store = await openDatastore();
    const role = await store.createRole({
      name,
      description: line.string('description') ?? null,
      permissions: parsePermissions(line.string('permissions') ?? ''),
    });
    return succeeded(`Role ${role.name} created.`);
  },
};

const remove: CommandSpec = {
  name: 'delete',
  summary: 'Delete a role; its holders lose it',
  arguments: [{ name: 'NAME', doc: 'Name of the role.' }],
  options: {},
  async run({ line, openDatastore }) {
    const name = roleName(line.args[0]);
    const store = await openDatastore();
    if (!(await store.deleteRole(name))) return failed(`Role ${name} not found.`);
    return succeeded(`Role ${name} deleted.`);
  },
};

interface UserRoleChange extends CommandAbout {
  /** Acts on the user and the role; says in one line what happened. */
  change(store: Datastore, user: User, role: string): Promise<string>;
}

/** A command on an existing user (EMAIL) and an existing role (ROLE). */
function userRoleCommand({ change, ...about }: UserRoleChange): CommandSpec {
  return {
    ...about,
    arguments: [USER_ARGUMENT, ROLE_ARGUMENT],
    options: {},
    async run({ line, env, openDatastore }) {
      const identity = line.args[0] ?? '';
      const name = roleName(line.args[1]);
      const store = await openDatastore();
      const user = await findUser(store, identity, cliSettingsFromEnv(env));
      if (user === null) return failed(`User ${identity} not found.`);
      if ((await store.findRole(name)) === null) return failed(`Role ${name} not found.`);
      return succeeded(await change(store, user, name));
    },
  };
}

interface PermissionsChange extends CommandAbout {
  /** Changes the role's permissions; returns the role as it is afterwards. */
  change(store: Datastore, role: string, permissions: readonly string[]): Promise<Role>;
}

/** A command on the permissions of an existing role (ROLE PERMISSIONS); prints those it has after. */
function permissionsCommand({ change, ...about }: PermissionsChange): CommandSpec {
  return {
    ...about,
    arguments: [ROLE_ARGUMENT, PERMISSIONS_ARGUMENT],
    options: {},
    async run({ line, openDatastore }) {
      const name = roleName(line.args[0]);
      const permissions = parsePermissions(line.args[1] ?? '');
      if (permissions.length === 0) return usageError('No permissions given.');
      const store = await openDatastore();
      if ((await store.findRole(name)) === null) return failed(`Role ${name} not found.`);
      return succeeded(describePermissions(await change(store, name, permissions)));
    },
  };
}

const add = userRoleCommand({
  name: 'add',
  summary: 'Give a user a role',
  async change(store, user, role) {
    const added = await store.addRoleToUser(user, role);
    return added
      ? `Role ${role} added to user ${user.email}.`
      : `User ${user.email} already has role ${role}.`;
  },
});

const take = userRoleCommand({
  name: 'remove',
  summary: 'Take a role from a user',
  async change(store, user, role) {
    const removed = await store.removeRoleFromUser(user, role);
    return removed
      ? `Role ${role} removed from user ${user.email}.`
      : `User ${user.email} did not have role ${role}.`;
  },
});

const addPermissions = permissionsCommand({
  name: 'add-permissions',
  summary: 'Add permissions to a role',
  change: (store, role, permissions) => store.addPermissionsToRole(role, permissions),
});

const removePermissions = permissionsCommand({
  name: 'remove-permissions',
  summary: 'Remove permissions from a role',
  change: (store, role, permissions) => store.removePermissionsFromRole(role, permissions),
});

export const rolesCommands: CommandGroup = {
  name: 'roles',
  summary: 'Create roles, give them to users, and manage their permissions',
  commands: [create, remove, add, take, addPermissions, removePermissions],
};
