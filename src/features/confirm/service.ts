/**
 * Email confirmation (Flask-Security's confirmable.py): issuing links, re-sending them, and using
 * one. A link is a single-use link token bound to the address it was mailed to, so a user who
 * changed their email since cannot be confirmed by the old link.
 */
import { checkLinkToken, consumeLinkToken, externalLink, issueLinkToken } from '../../auth/link-token.js';
import type { SecurityCore } from '../../core.js';
import { randomToken } from '../../crypto/random.js';
import type { LinkTokenRecord, LinkTokenStore, User } from '../../datastore/types.js';
import { humanDuration } from '../../human-duration.js';
import { queueMail } from '../../mail/queue-mail.js';
import { queueDecoyMail } from '../decoy-mail.js';
import { confirmInstructionsMail } from './emails.js';

export interface ConfirmationLink {
  readonly token: string;
  /** Absolute, from externalUrl. */
  readonly url: string;
  /** How long the link works, for the mail ("2 days"). */
  readonly within: string;
}

/** A new confirmation link for the user; every earlier unused one stops working. */
export async function issueConfirmationLink(
  core: SecurityCore,
  store: LinkTokenStore,
  user: User,
): Promise<ConfirmationLink> {
  const withinSeconds = core.config.confirmEmailWithin;
  const token = await issueLinkToken(core, store, user, {
    purpose: 'confirm',
    withinSeconds,
    data: { email: user.email },
  });
  return {
    token,
    url: externalLink(core, `${core.paths.confirm}/${token}`),
    within: humanDuration(withinSeconds),
  };
}

export type ResendOutcome =
  | { readonly status: 'sent'; readonly user: User }
  | { readonly status: 'already-confirmed' }
  | { readonly status: 'unknown' };

/** The mail a resend would queue, with a link that was never issued (for a decoy). */
function decoyInstructions(core: SecurityCore) {
  const url = externalLink(core, `${core.paths.confirm}/${randomToken()}.${randomToken()}`);
  return confirmInstructionsMail(core, { url, within: humanDuration(core.config.confirmEmailWithin) });
}

/**
 * Mails new instructions to an unconfirmed user. With generic responses the other outcomes
 * commit the same transaction of two writes, the mail going to nobody (a decoy), so neither the
 * answer nor its cost tells them apart.
 */
export async function resendConfirmation(core: SecurityCore, email: string): Promise<ResendOutcome> {
  const user = await core.datastore.findUserByIdentity('email', email);
  const outcome = await core.datastore.transaction(async (store): Promise<ResendOutcome> => {
    if (!user || user.confirmedAt !== null) {
      if (core.config.returnGenericResponses) await queueDecoyMail(core, store, decoyInstructions(core));
      return user ? { status: 'already-confirmed' } : { status: 'unknown' };
    }
    const link = await issueConfirmationLink(core, store, user);
    await queueMail(core, store, { to: user.email, kind: 'confirm', ...confirmInstructionsMail(core, link) });
    return { status: 'sent', user };
  });
  core.mailWorker.kick();
  if (outcome.status === 'sent') core.events.emit('confirmInstructionsSent', { user: outcome.user });
  return outcome;
}

export type ConfirmRefusal =
  | { readonly status: 'already-confirmed' }
  | { readonly status: 'expired' }
  | { readonly status: 'invalid' };

export type ConfirmOutcome =
  | { readonly status: 'confirmed'; readonly user: User }
  /** Nothing was changed: the confirmer must choose a password first (passwordRequiredToConfirm). */
  | { readonly status: 'password-required'; readonly user: User }
  | ConfirmRefusal;

export type ConfirmationLinkCheck =
  | {
      readonly status: 'valid';
      readonly user: User;
      readonly record: LinkTokenRecord;
      readonly email: string;
    }
  | ConfirmRefusal;

function mailedTo(data: Readonly<Record<string, unknown>>): string | null {
  return typeof data.email === 'string' ? data.email : null;
}

/** A confirmation link that can still be used, or why not; uses nothing. */
export async function findConfirmationLink(
  core: SecurityCore,
  token: string,
): Promise<ConfirmationLinkCheck> {
  const check = await checkLinkToken(core, core.datastore, token, 'confirm');
  if (check.status === 'invalid') return { status: 'invalid' };
  const email = mailedTo(check.record.data);
  if (email === null || email !== check.user.email) return { status: 'invalid' };
  if (check.status === 'expired') return { status: 'expired' };
  if (check.status === 'used' || check.user.confirmedAt !== null) return { status: 'already-confirmed' };
  return { status: 'valid', user: check.user, record: check.record, email };
}

/**
 * Pre-registration hijack: whoever registered an address first chose the account's password, so
 * a plain confirmation would hand the mailbox owner an account its registrant can still sign in
 * to. The first confirmation of an account with a password therefore sets a new one, chosen by
 * whoever holds the link — unless the confirming browser is signed in as that very account (it
 * proved the password already). Password-less accounts have nothing to take over.
 */
export function passwordRequiredToConfirm(user: User, signedInUserId: number | null): boolean {
  return user.password !== null && user.id !== signedInUserId;
}

export interface ConfirmOptions {
  /** The account the confirming browser is signed in as (session), if any. */
  readonly signedInUserId?: number | null;
  /** The hash of the password chosen on the confirmation page: set, and every session and token ended. */
  readonly newPasswordHash?: string | null;
}

/**
 * Uses a confirmation link. Expired links are refused without mailing a new one (the user asks
 * for one at /confirm), unlike Flask-Security 5.1.2. Without a new password where one is
 * required, nothing is used or changed ('password-required').
 */
export async function confirmWithToken(
  core: SecurityCore,
  token: string,
  options: ConfirmOptions = {},
): Promise<ConfirmOutcome> {
  const link = await findConfirmationLink(core, token);
  if (link.status !== 'valid') return link;
  const newPasswordHash = options.newPasswordHash ?? null;
  if (newPasswordHash === null && passwordRequiredToConfirm(link.user, options.signedInUserId ?? null)) {
    return { status: 'password-required', user: link.user };
  }
  const outcome = await core.datastore.transaction(async (store): Promise<ConfirmOutcome> => {
    // The email may have changed since the check; the link only confirms the address it went to.
    const current = await store.findUserById(link.user.id);
    if (!current || current.email !== link.email) return { status: 'invalid' };
    if (!(await consumeLinkToken(core, store, link.record))) return { status: 'already-confirmed' };
    if (current.confirmedAt !== null) return { status: 'already-confirmed' };
    const confirmedAt = new Date(core.clock.nowMs());
    if (newPasswordHash === null)
      return { status: 'confirmed', user: await store.updateUser(current, { confirmedAt }) };
    // The registrant's sessions and tokens (loginWithoutConfirmation) die with their password.
    const updated = await store.updateUser(current, { confirmedAt, password: newPasswordHash });
    return { status: 'confirmed', user: await store.resetUserAccess(updated) };
  });
  if (outcome.status === 'confirmed') core.events.emit('userConfirmed', { user: outcome.user });
  return outcome;
}
