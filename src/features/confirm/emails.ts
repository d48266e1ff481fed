/** The mail /confirm sends: a new confirmation link and how long it works. */
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';

export function confirmInstructionsMail(link: { url: string; within: string }): MailContent {
  return simpleMail(
    'Please confirm your email',
    [
      'Please confirm your email address with the link below.',
      `The link works once and expires in ${link.within}; any earlier confirmation link no longer works.`,
    ],
    { label: 'Confirm my email', url: link.url },
  );
}
