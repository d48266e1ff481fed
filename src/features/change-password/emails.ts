/** The notice mailed after a password change, pointing at password recovery when it is on. */
import { externalLink } from '../../auth/link-token.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';

export type ChangeMail = MailContent & { readonly to: string; readonly kind: string };

export function passwordChangedMail(core: SecurityCore, user: User): ChangeMail {
  const paragraphs = [
    'The password of your account was just changed, and every other sign-in of the account was ended.',
  ];
  if (!core.config.recoverable) {
    const mail = simpleMail('Your password has been changed', [
      ...paragraphs,
      'If you did not do this, contact us right away.',
    ]);
    return { ...mail, to: user.email, kind: 'change-notice' };
  }
  const mail = simpleMail(
    'Your password has been changed',
    [...paragraphs, 'If you did not do this, reset your password with the link below.'],
    { label: 'Reset your password', url: externalLink(core, core.paths.reset) },
  );
  return { ...mail, to: user.email, kind: 'change-notice' };
}
