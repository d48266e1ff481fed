/** The mails of registration: the welcome, and the two notices of generic responses. */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type {
  ExistingAccountMailProps,
  MailLink,
  UsernameTakenMailProps,
  WelcomeMailProps,
} from '../../mail/mails.js';

const SUBJECT = 'Welcome';

export function defaultWelcomeMail({ user, confirmation }: WelcomeMailProps): MailContent {
  if (!confirmation) return simpleMail(SUBJECT, [`Welcome ${user.email}!`, 'Your account is ready.']);
  return simpleMail(
    SUBJECT,
    [
      `Welcome ${user.email}!`,
      `Please confirm your email address with the link below. It works once and expires in ${confirmation.within}.`,
    ],
    { label: 'Confirm my email', url: confirmation.url },
  );
}

/**
 * To the owner of an address someone tried to register again (generic responses): no account
 * detail beyond their own username, a way back in, and a new confirmation link if still needed.
 */
export function defaultExistingAccountMail(props: ExistingAccountMailProps): MailContent {
  const { user, resetUrl, confirmation } = props;
  const paragraphs = [
    `Hello ${user.email}!`,
    'Someone (perhaps you) tried to register a new account with this email address, which already has one. No new account was created.',
  ];
  if (user.username) paragraphs.push(`The username of your account is ${user.username}.`);
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
export function defaultUsernameTakenMail({ email, username }: UsernameTakenMailProps): MailContent {
  return simpleMail(SUBJECT, [
    `Hello ${email}!`,
    `You tried to register with the username "${username}", which belongs to another account. No account was created.`,
    'Please register again with a different username.',
  ]);
}

/** Only the link's url and lifetime reach a mail (never its token). */
function mailLink(link: MailLink | null): MailLink | null {
  return link ? { url: link.url, within: link.within } : null;
}

export function welcomeMail(core: SecurityCore, user: User, confirmation: MailLink | null): MailContent {
  return core.mails.welcome({ user, confirmation: mailLink(confirmation) });
}

export function existingAccountMail(core: SecurityCore, props: ExistingAccountMailProps): MailContent {
  return core.mails.registerExisting({ ...props, confirmation: mailLink(props.confirmation) });
}

export function usernameTakenMail(core: SecurityCore, email: string, username: string): MailContent {
  return core.mails.registerUsernameTaken({ email, username });
}
