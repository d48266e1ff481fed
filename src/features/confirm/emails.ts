/** The mail /confirm sends: a new confirmation link and how long it works. */
import type { SecurityCore } from '../../core.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { ConfirmInstructionsMailProps } from '../../mail/mails.js';

export function defaultConfirmInstructionsMail(link: ConfirmInstructionsMailProps): MailContent {
  return simpleMail(
    'Please confirm your email',
    [
      'Please confirm your email address with the link below.',
      `The link works once and expires in ${link.within}; any earlier confirmation link no longer works.`,
    ],
    { label: 'Confirm my email', url: link.url },
  );
}

export function confirmInstructionsMail(core: SecurityCore, link: ConfirmInstructionsMailProps): MailContent {
  return core.mails.confirmInstructions({ url: link.url, within: link.within });
}
