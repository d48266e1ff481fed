/** The two mails of an email change: the link to the new address, the notice to the old one. */
import type { SecurityCore } from '../../core.js';
import type { MailContent } from '../../mail/mail-layout.js';
import { simpleMail } from '../../mail/mail-layout.js';
import type { ChangeEmailInstructionsMailProps, ChangeEmailNoticeMailProps } from '../../mail/mails.js';

export function defaultChangeEmailInstructionsMail(props: ChangeEmailInstructionsMailProps): MailContent {
  return simpleMail(
    'Confirm your new email address',
    [
      `You asked to make ${props.newEmail} the email address of your account.`,
      `Open the link below within ${props.within} to confirm. Until then the account keeps its current address.`,
      'If you did not ask for this, ignore this message: nothing changes.',
    ],
    { label: 'Confirm my new email address', url: props.url },
  );
}

export function defaultChangeEmailNoticeMail(props: ChangeEmailNoticeMailProps): MailContent {
  return simpleMail('A change of your email address was requested', [
    `A change of your account's email address to ${props.newEmail} was requested.`,
    `It takes effect only if the link sent to the new address is opened within ${props.within}; until then you keep signing in with this address.`,
    // True since changing or resetting the password resets access (datastore resetUserAccess):
    // the pending link dies with every session and token.
    'If this was not you, change your password now: someone may have access to your account.',
    'Changing (or resetting) your password cancels this change and signs out every session.',
  ]);
}

export function confirmNewEmailMail(
  core: SecurityCore,
  props: ChangeEmailInstructionsMailProps,
): MailContent {
  return core.mails.changeEmailInstructions(props);
}

export function changeRequestedNoticeMail(
  core: SecurityCore,
  props: ChangeEmailNoticeMailProps,
): MailContent {
  return core.mails.changeEmailNotice(props);
}
