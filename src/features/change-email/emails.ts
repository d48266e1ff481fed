/** The two mails of an email change: the link to the new address, the notice to the old one. */
import type { MailContent } from '../../mail/mail-layout.js';
import { simpleMail } from '../../mail/mail-layout.js';

export function confirmNewEmailMail(options: {
  newEmail: string;
  link: string;
  within: string;
}): MailContent {
  return simpleMail(
    'Confirm your new email address',
    [
      `You asked to make ${options.newEmail} the email address of your account.`,
      `Open the link below within ${options.within} to confirm. Until then the account keeps its current address.`,
      'If you did not ask for this, ignore this message: nothing changes.',
    ],
    { label: 'Confirm my new email address', url: options.link },
  );
}

export function changeRequestedNoticeMail(options: { newEmail: string; within: string }): MailContent {
  return simpleMail('A change of your email address was requested', [
    `A change of your account's email address to ${options.newEmail} was requested.`,
    `It takes effect only if the link sent to the new address is opened within ${options.within}; until then you keep signing in with this address.`,
    // True since changing or resetting the password resets access (datastore resetUserAccess):
    // the pending link dies with every session and token.
    'If this was not you, change your password now: someone may have access to your account.',
    'Changing (or resetting) your password cancels this change and signs out every session.',
  ]);
}
