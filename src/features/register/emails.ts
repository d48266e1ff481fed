/** The mails of registration: the welcome, and the two notices of generic responses. */
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { ConfirmationLink } from '../confirm/index.js';

const SUBJECT = 'Welcome';

export function welcomeMail(email: string, confirmation: ConfirmationLink | null): MailContent {
  if (!confirmation) return simpleMail(SUBJECT, [`Welcome ${email}!`, 'Your account is ready.']);
  return simpleMail(
    SUBJECT,
    [
      `Welcome ${email}!`,
      `Please confirm your email address with the link below. It works once and expires in ${confirmation.within}.`,
    ],
    { label: 'Confirm my email', url: confirmation.url },
  );
}

/**
 * To the owner of an address someone tried to register again (generic responses): no account
 * detail beyond their own username, a way back in, and a new confirmation link if still needed.
 */
export function existingAccountMail(options: {
  email: string;
  username: string | null;
  resetUrl: string | null;
  confirmation: ConfirmationLink | null;
}): MailContent {
  const { username, resetUrl, confirmation } = options;
  const paragraphs = [
    `Hello ${options.email}!`,
    'Someone (perhaps you) tried to register a new account with this email address, which already has one. No new account was created.',
  ];
  if (username) paragraphs.push(`The username of your account is ${username}.`);
  if (resetUrl) {
    const where = confirmation ? ` at ${resetUrl}` : ' with the link below';
    paragraphs.push(`If you forgot your password, you can reset it${where}.`);
  }
  if (confirmation) {
    paragraphs.push(
      `Your email address is not confirmed yet: confirm it with the link below (it expires in ${confirmation.within}).`,
    );
  }
  paragraphs.push('If it was not you, you can ignore this message.');
  if (confirmation)
    return simpleMail(SUBJECT, paragraphs, { label: 'Confirm my email', url: confirmation.url });
  if (resetUrl) return simpleMail(SUBJECT, paragraphs, { label: 'Reset my password', url: resetUrl });
  return simpleMail(SUBJECT, paragraphs);
}

/** To a new address whose chosen username belongs to another account (generic responses). */
export function usernameTakenMail(email: string, username: string): MailContent {
  return simpleMail(SUBJECT, [
    `Hello ${email}!`,
    `You tried to register with the username "${username}", which belongs to another account. No account was created.`,
    'Please register again with a different username.',
  ]);
}
