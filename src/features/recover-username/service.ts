/**
 * Username recovery without HTTP. The answer never depends on the address: the lookup runs in a
 * transaction either way, and only an active account with a username (and a confirmed address
 * when confirmation is required) gets a mail.
 */

import { externalLink } from '../../auth/link-token.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { queueMail } from '../../mail/queue-mail.js';
import { queueDecoyMail } from '../decoy-mail.js';
import { usernameRecoveryMail } from './emails.js';

/**
 * Returns the user a mail was queued for, or null (which the caller must not reveal). Every
 * address commits a transaction that queues a mail: a decoy to nobody when no mail is due, so
 * the cost does not tell the addresses apart either.
 */
export async function sendUsernameRecovery(core: SecurityCore, email: string): Promise<User | null> {
  const loginLink = externalLink(core, core.paths.login);
  const sentTo = await core.datastore.transaction(async (store) => {
    const user = await store.findUserByIdentity('email', email);
    if (!user?.username || !user.active || isConfirmationMissing(core, user)) {
      // A username-length placeholder keeps the decoy the size of a real mail.
      await queueDecoyMail(
        core,
        store,
        usernameRecoveryMail(core, { username: 'x'.repeat(12), loginUrl: loginLink }),
      );
      return null;
    }
    await queueMail(core, store, {
      to: user.email,
      kind: 'username-recovery',
      ...usernameRecoveryMail(core, { username: user.username, loginUrl: loginLink }),
    });
    return user;
  });
  core.mailWorker.kick();
  if (sentTo) core.events.emit('usernameRecoverySent', { user: sentTo });
  return sentTo;
}
