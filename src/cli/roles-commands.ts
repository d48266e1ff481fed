/** `barbican roles …`: roles, who holds them, and their permissions. Changes reach live sessions at once. */
import type { Role } from '../datastore/types.js';
import { type CommandGroup, type CommandSpec, failed, succeeded, usageError } from './command.js';
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

const add: CommandSpec = {
  name: 'add',
  summary: 'Give a user a role',
  arguments: [USER_ARGUMENT, ROLE_ARGUMENT],
  options: {},
  async run({ line, openDatastore }) {
    const identity = line.args[0] ?? '';
    const name = roleName(line.args[1]);
    const store = await openDatastore();
    const user = await findUser(store, identity);
    if (user === null) return failed(`User ${identity} not found.`);
    if ((await store.findRole(name)) === null) return failed(`Role ${name} not found.`);
    const added = await store.addRoleToUser(user, name);
    return succeeded(
      added ? `Role ${name} added to user ${user.email}.` : `User ${user.email} already has role ${name}.`,
    );
  },
};

const take: CommandSpec = {
  name: 'remove',
  summary: 'Take a role from a user',
  arguments: [USER_ARGUMENT, ROLE_ARGUMENT],
  options: {},
  async run({ line, openDatastore }) {
    const identity = line.args[0] ?? '';
    const name = roleName(line.args[1]);
    const store = await openDatastore();
    const user = await findUser(store, identity);
    if (user === null) return failed(`User ${identity} not found.`);
    if ((await store.findRole(name)) === null) return failed(`Role ${name} not found.`);
    const removed = await store.removeRoleFromUser(user, name);
    return succeeded(
      removed
        ? `Role ${name} removed from user ${user.email}.`
        : `User ${user.email} did not have role ${name}.`,
    );
  },
};

const addPermissions: CommandSpec = {
  name: 'add-permissions',
  summary: 'Add permissions to a role',
  arguments: [ROLE_ARGUMENT, PERMISSIONS_ARGUMENT],
  options: {},
  async run({ line, openDatastore }) {
    const name = roleName(line.args[0]);
    const permissions = parsePermissions(line.args[1] ?? '');
    if (permissions.length === 0) return usageError('No permissions given.');
    const store = await openDatastore();
    if ((await store.findRole(name)) === null) return failed(`Role ${name} not found.`);
    return succeeded(describePermissions(await store.addPermissionsToRole(name, permissions)));
  },
};

const removePermissions: CommandSpec = {
  name: 'remove-permissions',
  summary: 'Remove permissions from a role',
  arguments: [ROLE_ARGUMENT, PERMISSIONS_ARGUMENT],
  options: {},
  async run({ line, openDatastore }) {
    const name = roleName(line.args[0]);
    const permissions = parsePermissions(line.args[1] ?? '');
    if (permissions.length === 0) return usageError('No permissions given.');
    const store = await openDatastore();
    if ((await store.findRole(name)) === null) return failed(`Role ${name} not found.`);
    return succeeded(describePermissions(await store.removePermissionsFromRole(name, permissions)));
  },
};

export const rolesCommands: CommandGroup = {
  name: 'roles',
  summary: 'Create roles, give them to users, and manage their permissions',
  commands: [create, remove, add, take, addPermissions, removePermissions],
};
