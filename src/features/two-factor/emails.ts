/** Two-factor mails: the notice of a change (5.1.2 sends none) and the rescue help request. */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { TwoFactorChangedMailProps, TwoFactorRescueHelpMailProps } from '../../mail/mails.js';

export type TwoFactorMail = MailContent & { readonly to: string; readonly kind: string };

export function defaultTwoFactorChangedMail({ method, subject }: TwoFactorChangedMailProps): MailContent {
  const what =
    method === null
      ? 'Two-factor authentication was turned off for your account.'
      : `The second factor of your account is now: ${method}.`;
  return simpleMail(subject, [
    what,
    'Every other sign-in of the account was ended.',
    'If you did not do this, reset your password and contact us right away.',
  ]);
}

export function twoFactorChangedMail(core: SecurityCore, user: User, method: string | null): TwoFactorMail {
  const mail = core.mails.twoFactorChanged({ user, method, subject: core.config.emailSubjectTwoFactor });
  return { ...mail, to: user.email, kind: 'two-factor-changed' };
}

/** /tf-rescue "help": the help desk learns who cannot sign in (upstream's text, no link). */
export function defaultTwoFactorRescueHelpMail({ user, subject }: TwoFactorRescueHelpMailProps): MailContent {
  return simpleMail(subject, [
    `${user.email} can not access mail account`,
    'They asked for help with their second factor while signing in.',
  ]);
}

export function rescueHelpMail(core: SecurityCore, user: User): TwoFactorMail {
  const mail = core.mails.twoFactorRescueHelp({ user, subject: core.config.emailSubjectTwoFactorRescue });
  return { ...mail, to: core.config.twoFactorRescueMail, kind: 'two-factor-rescue' };
}
