/**
 * The change-email steps, without HTTP: a request mails a single-use link to the new address (and
 * a notice to the old one) and changes nothing yet; following the link makes the switch.
 */
import { checkLinkToken, consumeLinkToken, externalLink, issueLinkToken } from '../../auth/link-token.js';
import type { SecurityCore } from '../../core.js';
import { randomToken } from '../../crypto/random.js';
import { DatastoreError } from '../../datastore/errors.js';
import type { User } from '../../datastore/types.js';
import type { FieldError } from '../../http/responder.js';
import { humanDuration } from '../../human-duration.js';
import { queueMail } from '../../mail/queue-mail.js';
import { formatMessage } from '../../messages.js';
import { queueDecoyMail } from '../decoy-mail.js';
import { changeRequestedNoticeMail, confirmNewEmailMail } from './emails.js';

export type ChangeRequestResult =
  | { readonly ok: true; readonly sent: boolean }
  | { readonly ok: false; readonly error: FieldError };

function taken(email: string): FieldError {
  return { field: 'email', message: formatMessage('EMAIL_ALREADY_ASSOCIATED', { email }) };
}

/**
 * Issues the link and queues the mails in one transaction. With returnGenericResponses an address
 * of another account is answered like a free one: the same token write (so an earlier link is
 * superseded either way, which would otherwise reveal the difference) and the same notice to the
 * current address, but no mail to the taken address (`sent` false): a decoy mail to nobody takes
 * its place in the transaction, so the cost is the same too.
 */
export async function requestEmailChange(
  core: SecurityCore,
  user: User,
  newEmail: string,
): Promise<ChangeRequestResult> {
  // The caller knows their own address: refusing it reveals nothing, even with generic responses.
  if (newEmail.toLowerCase() === user.email.toLowerCase()) return { ok: false, error: taken(newEmail) };
  const within = humanDuration(core.config.changeEmailWithin);
  const result = await core.datastore.transaction(async (store): Promise<ChangeRequestResult> => {
    const owner = await store.findUserByIdentity('email', newEmail);
    if (owner && !core.config.returnGenericResponses) return { ok: false, error: taken(newEmail) };
    const token = await issueLinkToken(core, store, user, {
      purpose: 'change-email',
      withinSeconds: core.config.changeEmailWithin,
      data: { newEmail, oldEmail: user.email },
    });
    // The decoy carries a link that was never issued: the real token goes to no row it does not need.
    const mailed = owner ? `${randomToken()}.${randomToken()}` : token;
    const link = externalLink(core, `${core.paths.changeEmail}/${mailed}`);
    const instructions = confirmNewEmailMail(core, { newEmail, url: link, within });
    // A taken address gets no link; a decoy keeps the writes (and their cost) of a free one.
    if (owner) await queueDecoyMail(core, store, instructions);
    else await queueMail(core, store, { to: newEmail, kind: 'change-email-instructions', ...instructions });
    await queueMail(core, store, {
      to: user.email,
      kind: 'change-email-notice',
      ...changeRequestedNoticeMail(core, { user, newEmail, within }),
    });
    return { ok: true, sent: owner === null };
  });
  core.mailWorker.kick();
  if (result.ok && result.sent) core.events.emit('changeEmailInstructionsSent', { user, newEmail });
  return result;
}

export type ConfirmResult =
  | { readonly status: 'changed'; readonly user: User; readonly oldEmail: string }
  | { readonly status: 'expired' }
  | { readonly status: 'invalid' };

/**
 * Uses a change-email link: the token is consumed and the address switched in one transaction,
 * and only if the account still has the address the link was issued for and the new address is
 * still free. Any failure leaves the database as it was.
 */
export async function confirmEmailChange(core: SecurityCore, token: string): Promise<ConfirmResult> {
  const invalid: ConfirmResult = { status: 'invalid' };
  try {
    const result = await core.datastore.transaction(async (store): Promise<ConfirmResult> => {
      const check = await checkLinkToken(core, store, token, 'change-email');
      if (check.status === 'expired') return { status: 'expired' };
      if (check.status !== 'valid') return invalid;
      const { newEmail, oldEmail } = check.record.data;
      if (typeof newEmail !== 'string' || oldEmail !== check.user.email || !check.user.active) return invalid;
      if (await store.findUserByIdentity('email', newEmail)) return invalid;
      if (!(await consumeLinkToken(core, store, check.record))) return invalid;
      const user = await store.updateUser(check.user, {
        email: newEmail,
        // Following the link proves the new address.
        confirmedAt: new Date(core.clock.nowMs()),
      });
      // Reset and confirmation links went to the old address, which is no longer the owner's proof.
      await store.deleteUserLinkTokens(user.id, 'reset');
      await store.deleteUserLinkTokens(user.id, 'confirm');
      return { status: 'changed', user, oldEmail };
    });
    if (result.status === 'changed') {
      core.events.emit('emailChanged', { user: result.user, oldEmail: result.oldEmail });
    }
    return result;
  } catch (error) {
    // Another account took the address between the check and the update: rolled back.
    if (error instanceof DatastoreError && error.code === 'USER_EXISTS') return invalid;
    throw error;
  }
}
