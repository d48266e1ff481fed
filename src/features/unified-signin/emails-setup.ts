/**
 * Mails of /us-setup: the setup code (only the code, no sign-in link, as upstream) and a notice
 * whenever the sign-in methods change (5.1.2 sends none), so a stolen session cannot quietly add
 * its own way in. Both are replaceable (Mails.unifiedSigninSetupCode, unifiedSigninMethodsChanged).
 */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { humanDuration } from '../../human-duration.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type {
  UnifiedSigninMethodsChangedMailProps,
  UnifiedSigninSetupCodeMailProps,
} from '../../mail/mails.js';

/** Not usEmailSubject: a notice that carries no code must not look like one. */
const METHODS_CHANGED_SUBJECT = 'Your sign-in methods changed';

export type UsSetupMail = MailContent & { readonly to: string; readonly kind: string };

/** The code is the first standalone number of the text part (tests and mail filters read it). */
export function defaultUnifiedSigninSetupCodeMail(props: UnifiedSigninSetupCodeMailProps): MailContent {
  return simpleMail(props.subject, [
    `Your verification code is ${props.code}.`,
    `Enter it on the setup page within ${props.within}. If you did not ask to set up a sign-in method, change your password.`,
  ]);
}

export function defaultUnifiedSigninMethodsChangedMail(
  props: UnifiedSigninMethodsChangedMailProps,
): MailContent {
  const names = props.methods.join(', ');
  const what = props.removed
    ? `These sign-in methods were removed from your account: ${names}.`
    : `This sign-in method was set up for your account: ${names}.`;
  return simpleMail(METHODS_CHANGED_SUBJECT, [
    what,
    'If you did not do this, reset your password and contact us right away.',
  ]);
}

export function usSetupCodeMail(core: SecurityCore, user: User, code: string): UsSetupMail {
  const mail = core.mails.unifiedSigninSetupCode({
    user,
    code,
    within: humanDuration(core.config.usTokenValidity),
    subject: core.config.usEmailSubject,
  });
  return { ...mail, to: user.email, kind: 'us-setup-code' };
}

/** The SMS text of a setup code. */
export function usSetupCodeText(core: SecurityCore, code: string): string {
  return `Your verification code is ${code}. It works once, for ${humanDuration(core.config.usTokenValidity)}.`;
}

export function usMethodsChangedMail(
  core: SecurityCore,
  user: User,
  change: { readonly methods: readonly string[]; readonly removed: boolean },
): UsSetupMail {
  const mail = core.mails.unifiedSigninMethodsChanged({ user, ...change });
  return { ...mail, to: user.email, kind: 'us-methods-changed' };
}
