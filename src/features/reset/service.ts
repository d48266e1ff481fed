/**
 * The domain steps of password recovery, without HTTP: ask for a link (mailed in the same
 * transaction as the link is stored), look a link up, and set the new password with it.
 */
import { normalizeEmail } from '../../auth/identity-input.js';
import { checkLinkToken, consumeLinkToken, issueLinkToken } from '../../auth/link-token.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import { randomToken } from '../../crypto/random.js';
import type { LinkTokenRecord, User } from '../../datastore/types.js';
import type { FieldError } from '../../http/responder.js';
import { humanDuration } from '../../human-duration.js';
import { queueMail } from '../../mail/queue-mail.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { queueDecoyMail } from '../decoy-mail.js';
import { resetInstructionsMail, resetNoticeMail } from './emails.js';

export type ResetRequest =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly error: FieldError };

function refused(message: string): ResetRequest {
  return { ok: false, error: { field: 'email', message } };
}

function refusalFor(core: SecurityCore, user: User | null): string | null {
  if (!user) return MESSAGES.USER_DOES_NOT_EXIST;
  if (!user.active) return MESSAGES.DISABLED_ACCOUNT;
  if (isConfirmationMissing(core, user)) return MESSAGES.CONFIRMATION_REQUIRED;
  return null;
}

/** Generic responses: the transaction a granted request commits, its mail going to nobody. */
async function commitDecoy(core: SecurityCore, email: string): Promise<void> {
  const mail = resetInstructionsMail(core, { email }, `${randomToken()}.${randomToken()}`);
  await core.datastore.transaction((store) => queueDecoyMail(core, store, mail));
  core.mailWorker.kick();
}

/**
 * Issues a reset link for an active (and, with confirmable, confirmed) account and queues its
 * mail. Every path that gets past the email's syntax does one user lookup and, with generic
 * responses, one transaction of two writes (a refusal commits a decoy mail), so neither the
 * answer nor its cost tells the addresses apart.
 */
export async function requestPasswordReset(
  core: SecurityCore,
  email: string | undefined,
): Promise<ResetRequest> {
  const checked = normalizeEmail(email);
  if (!checked.ok) return refused(checked.message);
  const user = await core.datastore.findUserByIdentity('email', checked.value);
  const refusal = refusalFor(core, user);
  if (refusal !== null || !user) {
    if (core.config.returnGenericResponses) await commitDecoy(core, checked.value);
    return refused(refusal ?? MESSAGES.USER_DOES_NOT_EXIST);
  }
  const token = await core.datastore.transaction(async (store) => {
    const issued = await issueLinkToken(core, store, user, {
      purpose: 'reset',
      withinSeconds: core.config.resetPasswordWithin,
    });
    if (core.config.sendPasswordResetEmail) {
      await queueMail(core, store, resetInstructionsMail(core, user, issued));
    }
    return issued;
  });
  core.mailWorker.kick();
  // The token rides along so apps that send their own mail (sendPasswordResetEmail off) can.
  core.events.emit('resetPasswordInstructionsSent', { user, token });
  return { ok: true, user };
}

export type ResetLink =
  | { readonly ok: true; readonly record: LinkTokenRecord; readonly user: User }
  | { readonly ok: false; readonly message: string };

/** A reset link that can still be used, or the message that says why not. */
export async function findResetLink(core: SecurityCore, token: string): Promise<ResetLink> {
  const check = await checkLinkToken(core, core.datastore, token, 'reset');
  if (check.status === 'expired') {
    const within = humanDuration(core.config.resetPasswordWithin);
    return { ok: false, message: formatMessage('PASSWORD_RESET_EXPIRED', { within }) };
  }
  // A link of an account disabled since it was mailed is as dead as a used one.
  if (check.status !== 'valid' || !check.user.active) {
    return { ok: false, message: MESSAGES.INVALID_RESET_PASSWORD_TOKEN };
  }
  return { ok: true, record: check.record, user: check.user };
}

/**
 * Sets the new password in one transaction: the link is consumed (atomically, so of two uses
 * only one wins), the hash replaced, access reset (every session, token and other unused link of
 * the user dies) and the notice queued. Null when the link was used or the account disabled
 * meanwhile.
 */
export async function completePasswordReset(
  core: SecurityCore,
  link: { readonly record: LinkTokenRecord },
  normalizedPassword: string,
): Promise<User | null> {
  const hash = await core.hasher.hash(normalizedPassword);
  const user = await core.datastore.transaction(async (store) => {
    const current = await store.findUserById(link.record.userId);
    if (!current?.active) return null;
    if (!(await consumeLinkToken(core, store, link.record))) return null;
    const updated = await store.resetUserAccess(await store.updateUser(current, { password: hash }));
    if (core.config.sendPasswordResetNoticeEmail)
      await queueMail(core, store, resetNoticeMail(core, updated));
    return updated;
  });
  if (!user) return null;
  core.mailWorker.kick();
  core.events.emit('passwordReset', { user });
  return user;
}
