/**
 * The domain steps of a password change, without HTTP: check the current and new passwords, then
 * store the new hash in one transaction that also ends every session and token of the user.
 */
import { verifyUserPassword } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { FieldError } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { MESSAGES } from '../../messages.js';
import { passwordChangedMail } from './emails.js';

/**
 * The current password: required, right, and not the new one. A user without a password (one
 * who signed up another way) has nothing to check; the endpoint's freshness stands in for it.
 */
export async function currentPasswordError(
  core: SecurityCore,
  user: User,
  current: string | undefined,
  newPassword: string,
): Promise<FieldError | null> {
  if (!user.password) return null;
  if (!current?.trim()) return { field: 'password', message: MESSAGES.PASSWORD_NOT_PROVIDED };
  if (!(await verifyUserPassword(core, user, current))) {
    return { field: 'password', message: MESSAGES.INVALID_PASSWORD };
  }
  if (core.passwordUtil.normalize(current) === core.passwordUtil.normalize(newPassword)) {
    return { field: 'password', message: MESSAGES.PASSWORD_IS_THE_SAME };
  }
  return null;
}

/**
 * Stores the new hash and resets access (both uniquifiers rotate: every session and token dies;
 * every unused mailed link dies, a pending change-email link included) and queues the notice,
 * all in one transaction.
 */
export async function changePassword(
  core: SecurityCore,
  user: User,
  normalizedPassword: string,
): Promise<User> {
  const hash = await core.hasher.hash(normalizedPassword);
  const changed = await core.datastore.transaction(async (store) => {
    const updated = await store.resetUserAccess(await store.updateUser(user, { password: hash }));
    if (core.config.sendPasswordChangeEmail) await queueMail(core, store, passwordChangedMail(core, updated));
    return updated;
  });
  core.mailWorker.kick();
  core.events.emit('passwordChanged', { user: changed });
  return changed;
}
