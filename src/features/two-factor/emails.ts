/** Two-factor mails: the notice of a change (5.1.2 sends none) and the rescue help request. */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';

export type TwoFactorMail = MailContent & { readonly to: string; readonly kind: string };

export function twoFactorChangedMail(core: SecurityCore, user: User, method: string | null): TwoFactorMail {
  const what =
    method === null
      ? 'Two-factor authentication was turned off for your account.'
      : `The second factor of your account is now: ${method}.`;
  const mail = simpleMail(core.config.emailSubjectTwoFactor, [
    what,
    'Every other sign-in of the account was ended.',
    'If you did not do this, reset your password and contact us right away.',
  ]);
  return { ...mail, to: user.email, kind: 'two-factor-changed' };
}

/** /tf-rescue "help": the help desk learns who cannot sign in (upstream's text, no link). */
export function rescueHelpMail(core: SecurityCore, user: User): TwoFactorMail {
  const mail = simpleMail(core.config.emailSubjectTwoFactorRescue, [
    `${user.email} can not access mail account`,
    'They asked for help with their second factor while signing in.',
  ]);
  return { ...mail, to: core.config.twoFactorRescueMail, kind: 'two-factor-rescue' };
}
