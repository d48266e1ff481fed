/**
 * Mails of /us-setup: the setup code (only the code, no sign-in link, as upstream) and a notice
 * whenever the sign-in methods change (5.1.2 sends none), so a stolen session cannot quietly add
 * its own way in.
 */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { humanDuration } from '../../human-duration.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';

/** Not usEmailSubject: a notice that carries no code must not look like one. */
const METHODS_CHANGED_SUBJECT = 'Your sign-in methods changed';

export type UsSetupMail = MailContent & { readonly to: string; readonly kind: string };

/** The code is the first standalone number of the text part (tests and mail filters read it). */
export function usSetupCodeMail(core: SecurityCore, user: User, code: string): UsSetupMail {
  const mail = simpleMail(core.config.usEmailSubject, [
    `Your verification code is ${code}.`,
    `Enter it on the setup page within ${humanDuration(core.config.usTokenValidity)}. If you did not ask to set up a sign-in method, change your password.`,
  ]);
  return { ...mail, to: user.email, kind: 'us-setup-code' };
}

/** The SMS text of a setup code. */
export function usSetupCodeText(core: SecurityCore, code: string): string {
  return `Your verification code is ${code}. It works once, for ${humanDuration(core.config.usTokenValidity)}.`;
}

export function usMethodsChangedMail(
  user: User,
  change: { readonly methods: readonly string[]; readonly removed: boolean },
): UsSetupMail {
  const names = change.methods.join(', ');
  const what = change.removed
    ? `These sign-in methods were removed from your account: ${names}.`
    : `This sign-in method was set up for your account: ${names}.`;
  const mail = simpleMail(METHODS_CHANGED_SUBJECT, [
    what,
    'If you did not do this, reset your password and contact us right away.',
  ]);
  return { ...mail, to: user.email, kind: 'us-methods-changed' };
}
