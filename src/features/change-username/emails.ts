/** The notice mailed to the account's address after its username changed. */
import type { MailContent } from '../../mail/mail-layout.js';
import { simpleMail } from '../../mail/mail-layout.js';

export function usernameChangedMail(options: { username: string }): MailContent {
  return simpleMail('Your username has been changed', [
    `The username of your account is now ${options.username}; sign in with it from now on.`,
    'If you did not make this change, change your password now: someone may have access to your account.',
  ]);
}
