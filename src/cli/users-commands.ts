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
import { checkEmail, checkUsername, findUser } from './identity.js';

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
    const email = checkEmail(line.args[0] ?? '', settings);
    if (!email.ok) return usageError(`${email.message}.`);
    const usernameInput = line.string('username');
    let username: string | null = null;
    if (usernameInput !== undefined) {
      const checked = checkUsername(usernameInput, settings);
      if (!checked.ok) return usageError(`${checked.message}.`);
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
    async run({ line, env, openDatastore }) {
      const identity = line.args[0] ?? '';
      const store = await openDatastore();
      const user = await findUser(store, identity, cliSettingsFromEnv(env));
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

// Deactivation is a full access reset in the datastore: activating later revives nothing.
const deactivate = userCommand({
  name: 'deactivate',
  summary: 'Stop a user from logging in; end their sessions, tokens and mailed links',
  async change(store, user) {
    const changed = await store.deactivateUser(user);
    return changed
      ? `User ${user.email} deactivated; their sessions, tokens and mailed links have ended.`
      : `User ${user.email} was already inactive.`;
  },
});

const resetAccess = userCommand({
  name: 'reset-access',
  summary: 'End every session, token and mailed link of a user (e.g. after a compromise)',
  async change(store, user) {
    await store.resetUserAccess(user);
    return `Access reset for user ${user.email}: every session, token and mailed link has ended.`;
  },
});

// A help-desk step for a lost phone: the user signs in with the password alone and sets up again.
const tfReset = userCommand({
  name: 'tf-reset',
  summary: "Remove a user's second factor and recovery codes; end their sessions, tokens and mailed links",
  async change(store, user) {
    const had = user.tfPrimaryMethod !== null;
    await store.transaction(async (tx) => {
      const cleared = await tx.updateUser(user, {
        tfPrimaryMethod: null,
        tfTotpSecret: null,
        tfTotpLastStep: null,
        tfPhoneNumber: null,
      });
      await tx.replaceRecoveryCodes(user.id, [], Date.now());
      await tx.resetUserAccess(cleared);
    });
    const what = had ? 'Two-factor removed' : 'No second factor was set up';
    return `${what} for user ${user.email}; recovery codes, sessions, tokens and mailed links have ended.`;
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
  summary: "Set a user's password; end their sessions, tokens and mailed links",
  arguments: [USER_ARGUMENT],
  options: { password: { ...PASSWORD_OPTION, doc: 'New password; checked against the password policy.' } },
  async run(context: CommandContext) {
    const { line, env, openDatastore } = context;
    const identity = line.args[0] ?? '';
    const settings = cliSettingsFromEnv(env);
    const passwordUtil = passwordUtilFor(settings);
    const store = await openDatastore();
    const user = await findUser(store, identity, settings);
    if (user === null) return userNotFound(identity);
    const userInputs = user.username === null ? [user.email] : [user.email, user.username];
    const validation = await passwordUtil.validate(line.string('password') ?? '', {
      isRegister: false,
      userInputs,
    });
    if (validation.problems !== null) return refused(validation.problems);
    const password = await createPasswordHasher().hash(validation.normalized);
    // The web's step: the same transaction resets access, so nothing issued under the old
    // password (session, auth token, mailed link) outlives it.
    await store.transaction(async (tx) => {
      await tx.resetUserAccess(await tx.updateUser(user, { password }));
    });
    return succeeded(
      `Password changed for user ${user.email}; their sessions, tokens and mailed links have ended.`,
    );
  },
};

export const usersCommands: CommandGroup = {
  name: 'users',
  summary: 'Create users and change their state',
  commands: [create, activate, deactivate, resetAccess, tfReset, remove, changePassword],
};
