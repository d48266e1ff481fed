/**
 * Registration (Flask-Security's registerable.py): create the account and queue its welcome mail
 * in one transaction, or, with generic responses, answer an address or username already taken as
 * if it were new and tell the owner by mail instead.
 */
import { externalLink } from '../../auth/link-token.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import { DatastoreError } from '../../datastore/errors.js';
import type { User } from '../../datastore/types.js';
import type { FieldError } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { formatMessage } from '../../messages.js';
import { issueConfirmationLink } from '../confirm/index.js';
import { existingAccountMail, usernameTakenMail, welcomeMail } from './emails.js';
import type { CheckedRegistration } from './validate.js';

export interface NewAccount {
  readonly email: string;
  readonly username: string | null;
  /** Normalized, not yet hashed; null for a password-less registrant (signs in by code). */
  readonly password: string | null;
}

interface Taken {
  readonly byEmail: User | null;
  readonly byUsername: User | null;
}

export type RegisterOutcome =
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  /** Generic responses only: answered as a registration, the owner (or registrant) told by mail. */
  | { readonly kind: 'taken' }
  | { readonly kind: 'created'; readonly user: User; readonly confirmationToken: string | null };

async function findTaken(core: SecurityCore, checked: CheckedRegistration): Promise<Taken> {
  const byEmail = checked.email ? await core.datastore.findUserByIdentity('email', checked.email) : null;
  const byUsername = checked.username
    ? await core.datastore.findUserByIdentity('username', checked.username)
    : null;
  return { byEmail, byUsername };
}

function takenErrors(checked: CheckedRegistration, taken: Taken): FieldError[] {
  const errors: FieldError[] = [];
  if (taken.byEmail && checked.email) {
    errors.push({
      field: 'email',
      message: formatMessage('EMAIL_ALREADY_ASSOCIATED', { email: checked.email }),
    });
  }
  if (taken.byUsername && checked.username) {
    errors.push({
      field: 'username',
      message: formatMessage('USERNAME_ALREADY_ASSOCIATED', { username: checked.username }),
    });
  }
  return errors;
}

/** Creates the user, its confirmation link and welcome mail together; null if the email or username was taken meanwhile. */
async function createAccount(
  core: SecurityCore,
  account: NewAccount,
): Promise<{ user: User; confirmationToken: string | null } | null> {
  const password = account.password === null ? null : await core.hasher.hash(account.password);
  try {
    return await core.datastore.transaction(async (store) => {
      const user = await store.createUser({
        email: account.email,
        username: account.username,
        password,
        active: true,
        confirmedAt: null,
      });
      // As upstream: a registrant without a password gets email sign-in set up, their way in.
      if (password === null && core.config.usEnabledMethods.includes('email')) {
        await store.setUsMethod(user.id, 'email', { totpSecret: null, nowMs: core.clock.nowMs() });
      }
      const link = core.config.confirmable ? await issueConfirmationLink(core, store, user) : null;
      if (core.config.sendRegisterEmail) {
        await queueMail(core, store, { to: user.email, kind: 'register', ...welcomeMail(core, user, link) });
      }
      return { user, confirmationToken: link?.token ?? null };
    });
  } catch (error) {
    if (error instanceof DatastoreError && error.code === 'USER_EXISTS') return null;
    throw error;
  }
}

/** The generic-responses path: the same hashing and a transaction as a real registration, and a notice mail. */
async function answerTaken(core: SecurityCore, account: NewAccount, taken: Taken): Promise<void> {
  // The same hashing as createAccount for the same input, so a taken address costs the same.
  if (account.password !== null) await core.hasher.hash(account.password);
  const { config } = core;
  await core.datastore.transaction(async (store) => {
    if (!config.sendRegisterEmail) return;
    const owner = taken.byEmail;
    if (owner) {
      const needsConfirmation = config.confirmable && owner.confirmedAt === null;
      const mail = existingAccountMail(core, {
        user: owner,
        resetUrl: config.recoverable ? externalLink(core, core.paths.reset) : null,
        confirmation: needsConfirmation ? await issueConfirmationLink(core, store, owner) : null,
      });
      await queueMail(core, store, { to: owner.email, kind: 'register-existing', ...mail });
    } else if (account.username) {
      const mail = usernameTakenMail(core, account.email, account.username);
      await queueMail(core, store, { to: account.email, kind: 'register-username-taken', ...mail });
    }
  });
}

/**
 * Registers from checked input. Without generic responses a taken email or username is a field
 * error next to any other; with them it is hidden unless something else is wrong.
 */
export async function registerAccount(
  core: SecurityCore,
  checked: CheckedRegistration,
): Promise<RegisterOutcome> {
  const generic = core.config.returnGenericResponses;
  // Two rounds at most: a registration that loses a race for the address looks again and finds it.
  for (let round = 0; round < 2; round++) {
    const taken = await findTaken(core, checked);
    const duplicates = takenErrors(checked, taken);
    const errors = generic ? checked.errors : [...checked.errors, ...duplicates];
    if (errors.length > 0) return { kind: 'invalid', errors: orderByField(errors) };
    if (!checked.email || (!checked.password && !checked.passwordless)) {
      throw new Error('registration input checked without values');
    }
    const account = { email: checked.email, username: checked.username, password: checked.password };
    if (duplicates.length > 0) {
      await answerTaken(core, account, taken);
      core.mailWorker.kick();
      return { kind: 'taken' };
    }
    const created = await createAccount(core, account);
    if (created) {
      core.mailWorker.kick();
      core.events.emit('userRegistered', {
        user: created.user,
        confirmationRequired: isConfirmationMissing(core, created.user),
        confirmationToken: created.confirmationToken,
      });
      return { kind: 'created', ...created };
    }
  }
  throw new Error('registration kept conflicting with another one');
}

const FIELD_ORDER = ['email', 'username', 'password', 'password_confirm'];

function orderByField(errors: readonly FieldError[]): FieldError[] {
  const rank = (e: FieldError): number => {
    const index = FIELD_ORDER.indexOf(e.field);
    return index === -1 ? FIELD_ORDER.length : index;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}
