/** The notice mailed to the account's address after its username changed. */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { MailContent } from '../../mail/mail-layout.js';
import { simpleMail } from '../../mail/mail-layout.js';
import type { UsernameChangedMailProps } from '../../mail/mails.js';

export function defaultUsernameChangedMail({ username }: UsernameChangedMailProps): MailContent {
  return simpleMail('Your username has been changed', [
    `The username of your account is now ${username}; sign in with it from now on.`,
    'If you did not make this change, change your password now: someone may have access to your account.',
  ]);
}

export function usernameChangedMail(core: SecurityCore, user: User, username: string): MailContent {
  return core.mails.usernameChanged({ user, username });
}
