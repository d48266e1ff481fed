/** The mail that tells an account's owner its username. */
import type { MailContent } from '../../mail/mail-layout.js';
import { simpleMail } from '../../mail/mail-layout.js';

export function usernameRecoveryMail(options: { username: string; loginLink: string }): MailContent {
  return simpleMail(
    'Your requested username',
    [
      'Someone (hopefully you) asked for the username of the account registered with this address.',
      `Your username is: ${options.username}`,
      'If you did not ask for it, you can ignore this message.',
    ],
    { label: 'Sign in', url: options.loginLink },
  );
}
