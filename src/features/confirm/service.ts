/**
 * Email confirmation (Flask-Security's confirmable.py): issuing links, re-sending them, and using
 * one. A link is a single-use link token bound to the address it was mailed to, so a user who
 * changed their email since cannot be confirmed by the old link.
 */
import { checkLinkToken, consumeLinkToken, externalLink, issueLinkToken } from '../../auth/link-token.js';
import type { SecurityCore } from '../../core.js';
import { randomToken } from '../../crypto/random.js';
import type { LinkTokenStore, User } from '../../datastore/types.js';
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
  return confirmInstructionsMail({ url, within: humanDuration(core.config.confirmEmailWithin) });
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
    await queueMail(core, store, { to: user.email, kind: 'confirm', ...confirmInstructionsMail(link) });
    return { status: 'sent', user };
  });
  core.mailWorker.kick();
  if (outcome.status === 'sent') core.events.emit('confirmInstructionsSent', { user: outcome.user });
  return outcome;
}

export type ConfirmOutcome =
  | { readonly status: 'confirmed'; readonly user: User }
  | { readonly status: 'already-confirmed' }
  | { readonly status: 'expired' }
  | { readonly status: 'invalid' };

function mailedTo(data: Readonly<Record<string, unknown>>): string | null {
  return typeof data.email === 'string' ? data.email : null;
}

/**
 * Uses a confirmation link. Expired links are refused without mailing a new one (the user asks
 * for one at /confirm), unlike Flask-Security 5.1.2.
 */
export async function confirmWithToken(core: SecurityCore, token: string): Promise<ConfirmOutcome> {
  const check = await checkLinkToken(core, core.datastore, token, 'confirm');
  if (check.status === 'invalid') return { status: 'invalid' };
  const email = mailedTo(check.record.data);
  if (email !== check.user.email) return { status: 'invalid' };
  if (check.status === 'expired') return { status: 'expired' };
  if (check.status === 'used' || check.user.confirmedAt !== null) return { status: 'already-confirmed' };
  const outcome = await core.datastore.transaction(async (store): Promise<ConfirmOutcome> => {
    // The email may have changed since the check; the link only confirms the address it went to.
    const current = await store.findUserById(check.user.id);
    if (!current || current.email !== email) return { status: 'invalid' };
    if (!(await consumeLinkToken(core, store, check.record))) return { status: 'already-confirmed' };
    if (current.confirmedAt !== null) return { status: 'already-confirmed' };
    const user = await store.updateUser(current, { confirmedAt: new Date(core.clock.nowMs()) });
    return { status: 'confirmed', user };
  });
  if (outcome.status === 'confirmed') core.events.emit('userConfirmed', { user: outcome.user });
  return outcome;
}
