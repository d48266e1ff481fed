/** `barbican users …`: create accounts and change their state, as Flask-Security's `flask users`. */
import type { Datastore, User } from '../datastore/types.js';
import { createPasswordHasher } from '../passwords/index.js';
import { cliSettingsFromEnv, passwordUtilFor } from './cli-settings.js';
import {
  type CommandAbout,
  type CommandContext,
  type CommandGroup,
  type CommandOutcome,
  type CommandSpec,
  failed,
  succeeded,
  usageError,
} from './command.js';
import { findUser, normalizeEmail, normalizeUsername } from './identity.js';

const USER_ARGUMENT = { name: 'EMAIL', doc: "The user's email address (a username also works)." };
const PASSWORD_OPTION = { type: 'string', valueName: 'PASSWORD', required: true } as const;

/** The password's problems on one line; the password itself never appears. */
function refused(problems: readonly { message: string }[]): CommandOutcome {
  return failed(`Password refused: ${problems.map((problem) => problem.message).join('; ')}.`);
}

function userNotFound(identity: string): CommandOutcome {
  return failed(`User ${identity} not found.`);
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a user, active and confirmed unless told otherwise',
  arguments: [{ name: 'EMAIL', doc: 'Email address of the new user.' }],
  options: {
    password: { ...PASSWORD_OPTION, doc: 'Initial password; checked against the password policy.' },
    username: { type: 'string', valueName: 'USERNAME', doc: 'Username, for apps that log in by username.' },
    inactive: { type: 'boolean', doc: 'Create the user deactivated (cannot log in).' },
    unconfirmed: { type: 'boolean', doc: 'Leave the email unconfirmed.' },
    role: {
      type: 'string',
      valueName: 'ROLE',
      multiple: true,
      doc: 'Give the user an existing role; repeatable.',
    },
  },
  async run({ line, env, openDatastore }) {
    const settings = cliSettingsFromEnv(env);
    const email = normalizeEmail(line.args[0] ?? '', settings.maxIdentityLength);
    if (!email.ok) return usageError(`Invalid email address: ${email.reason}.`);
    const usernameInput = line.string('username');
    let username: string | null = null;
    if (usernameInput !== undefined) {
      const checked = normalizeUsername(usernameInput, settings.maxIdentityLength);
      if (!checked.ok) return usageError(`Invalid username: ${checked.reason}.`);
      username = checked.value;
    }
    const userInputs = username === null ? [email.value] : [email.value, username];
    const validation = await passwordUtilFor(settings).validate(line.string('password') ?? '', {
      isRegister: true,
      userInputs,
    });
    if (validation.problems !== null) return refused(validation.problems);
    const password = await createPasswordHasher().hash(validation.normalized);
    const store = await openDatastore();
    // Atomic in the datastore: a missing role or a taken email leaves no user behind.
    const user = await store.createUser({
      email: email.value,
      username,
      password,
      active: !line.flag('inactive'),
      confirmedAt: line.flag('unconfirmed') ? null : new Date(),
      roles: line.strings('role'),
    });
    return succeeded(`User ${user.email} created.`);
  },
};

interface UserChange extends CommandAbout {
  /** Acts on the user; says in one line what happened, or null when the user was gone by then. */
  change(store: Datastore, user: User): Promise<string | null>;
}

/** A command on one existing user, named by the EMAIL argument; a missing user is "not found". */
function userCommand({ change, ...about }: UserChange): CommandSpec {
  return {
    ...about,
    arguments: [USER_ARGUMENT],
    options: {},
    async run({ line, openDatastore }) {
      const identity = line.args[0] ?? '';
      const store = await openDatastore();
      const user = await findUser(store, identity);
      const message = user === null ? null : await change(store, user);
      return message === null ? userNotFound(identity) : succeeded(message);
    },
  };
}

const activate = userCommand({
  name: 'activate',
  summary: 'Let a deactivated user log in again',
  async change(store, user) {
    const changed = await store.activateUser(user);
    return changed ? `User ${user.email} activated.` : `User ${user.email} was already active.`;
  },
});

const deactivate = userCommand({
  name: 'deactivate',
  summary: 'Stop a user from logging in and end their sessions',
  async change(store, user) {
    const changed = await store.deactivateUser(user);
    return changed
      ? `User ${user.email} deactivated; their sessions have ended.`
      : `User ${user.email} was already inactive.`;
  },
});

const resetAccess = userCommand({
  name: 'reset-access',
  summary: 'End every session and revoke every token of a user (e.g. after a compromise)',
  async change(store, user) {
    await store.resetUserAccess(user);
    return `Access reset for user ${user.email}: every session and token has ended.`;
  },
});

const remove = userCommand({
  name: 'delete',
  summary: 'Delete a user and their sessions',
  async change(store, user) {
    return (await store.deleteUser(user)) ? `User ${user.email} deleted.` : null;
  },
});

const changePassword: CommandSpec = {
  name: 'change-password',
  summary: "Set a user's password and end their sessions",
  arguments: [USER_ARGUMENT],
  options: { password: { ...PASSWORD_OPTION, doc: 'New password; checked against the password policy.' } },
  async run(context: CommandContext) {
    const { line, env, openDatastore } = context;
    const identity = line.args[0] ?? '';
    const passwordUtil = passwordUtilFor(cliSettingsFromEnv(env));
    const store = await openDatastore();
    const user = await findUser(store, identity);
    if (user === null) return userNotFound(identity);
    const userInputs = user.username === null ? [user.email] : [user.email, user.username];
    const validation = await passwordUtil.validate(line.string('password') ?? '', {
      isRegister: false,
      userInputs,
    });
    if (validation.problems !== null) return refused(validation.problems);
    const password = await createPasswordHasher().hash(validation.normalized);
    // A new fs_uniquifier in the same transaction: sessions made with the old password die with it.
    await store.transaction(async (tx) => {
      const updated = await tx.updateUser(user, { password });
      await tx.setUniquifier(updated);
    });
    return succeeded(`Password changed for user ${user.email}; their sessions have ended.`);
  },
};

export const usersCommands: CommandGroup = {
  name: 'users',
  summary: 'Create users and change their state',
  commands: [create, activate, deactivate, resetAccess, remove, changePassword],
};
