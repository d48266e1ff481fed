/** Changing the username of a signed-in user, with its notice mail, in one transaction. */
import type { SecurityCore } from '../../core.js';
import { DatastoreError } from '../../datastore/errors.js';
import type { User } from '../../datastore/types.js';
import type { FieldError } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { formatMessage } from '../../messages.js';
import { usernameChangedMail } from './emails.js';

export type ChangeUsernameResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly error: FieldError };

function taken(username: string): ChangeUsernameResult {
  return {
    ok: false,
    error: { field: 'username', message: formatMessage('USERNAME_ALREADY_ASSOCIATED', { username }) },
  };
}

/** `username` is already normalized. A name in use (the caller's own included) is refused, as upstream. */
export async function changeUsername(
  core: SecurityCore,
  user: User,
  username: string,
): Promise<ChangeUsernameResult> {
  try {
    const result = await core.datastore.transaction(async (store): Promise<ChangeUsernameResult> => {
      if (await store.findUserByIdentity('username', username)) return taken(username);
      const updated = await store.updateUser(user, { username });
      if (core.config.sendUsernameChangeEmail) {
        await queueMail(core, store, {
          to: updated.email,
          kind: 'username-change-notice',
          ...usernameChangedMail(core, updated, username),
        });
      }
      return { ok: true, user: updated };
    });
    if (result.ok) core.mailWorker.kick();
    if (result.ok) core.events.emit('usernameChanged', { user: result.user, oldUsername: user.username });
    return result;
  } catch (error) {
    // Taken by a concurrent request between the lookup and the update: rolled back.
    if (error instanceof DatastoreError && error.code === 'USER_EXISTS') return taken(username);
    throw error;
  }
}
