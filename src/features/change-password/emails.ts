/** The notice mailed after a password change, pointing at password recovery when it is on. */
import { externalLink } from '../../auth/link-token.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { PasswordChangedMailProps } from '../../mail/mails.js';

export type ChangeMail = MailContent & { readonly to: string; readonly kind: string };

export function defaultPasswordChangedMail({ resetUrl }: PasswordChangedMailProps): MailContent {
  const paragraphs = [
    'The password of your account was just changed, and every other sign-in of the account was ended.',
  ];
  if (resetUrl === null) {
    return simpleMail('Your password has been changed', [
      ...paragraphs,
      'If you did not do this, contact us right away.',
    ]);
  }
  return simpleMail(
    'Your password has been changed',
    [...paragraphs, 'If you did not do this, reset your password with the link below.'],
    { label: 'Reset your password', url: resetUrl },
  );
}

export function passwordChangedMail(core: SecurityCore, user: User): ChangeMail {
  const resetUrl = core.config.recoverable ? externalLink(core, core.paths.reset) : null;
  return { ...core.mails.passwordChanged({ user, resetUrl }), to: user.email, kind: 'change-notice' };
}
