/**
 * The unified sign-in code mail. The code is the first standalone number of the text part (mail
 * filters and tests read it that way); a sign-in mail adds the magic link, built from externalUrl,
 * never from the request's Host header (Flask-Security 5.1.2 mails whatever Host it was sent).
 */
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { UnifiedSigninCodeMailProps } from '../../mail/mails.js';

export function defaultUnifiedSigninCodeMail(props: UnifiedSigninCodeMailProps): MailContent {
  const paragraphs = [
    `Your sign-in code is ${props.code}.`,
    `It works once, for ${props.within}, in the browser that asked for it.`,
    ...(props.link ? ['Or sign in with the link below (it works once):'] : []),
    'If you did not ask for it, you can ignore this mail.',
  ];
  return simpleMail(
    props.subject,
    paragraphs,
    props.link ? { label: 'Sign in', url: props.link } : undefined,
  );
}
