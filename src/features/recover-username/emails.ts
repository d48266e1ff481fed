/** The mail that tells an account's owner its username. */
import type { SecurityCore } from '../../core.js';
import type { MailContent } from '../../mail/mail-layout.js';
import { simpleMail } from '../../mail/mail-layout.js';
import type { UsernameRecoveryMailProps } from '../../mail/mails.js';

export function defaultUsernameRecoveryMail(props: UsernameRecoveryMailProps): MailContent {
  return simpleMail(
    'Your requested username',
    [
      'Someone (hopefully you) asked for the username of the account registered with this address.',
      `Your username is: ${props.username}`,
      'If you did not ask for it, you can ignore this message.',
    ],
    { label: 'Sign in', url: props.loginUrl },
  );
}

export function usernameRecoveryMail(core: SecurityCore, props: UsernameRecoveryMailProps): MailContent {
  return core.mails.usernameRecovery(props);
}
