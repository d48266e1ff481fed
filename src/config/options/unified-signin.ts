/**
 * Unified sign-in options (issue 10), as upstream's US_* keys, plus passwordRequired (which only
 * unified sign-in can relax) and one Barbican option for a magic link bound to the browser that
 * asked for it.
 */
import { invalidValue } from '../config-error.js';
import { MINUTE, opt } from '../option-spec.js';

/** Ways to sign in through /us-signin; every one but 'password' is set up at /us-setup. */
export const US_METHODS = ['password', 'email', 'authenticator', 'sms'] as const;
export type UsMethod = (typeof US_METHODS)[number];

export const UNIFIED_SIGNIN_OPTIONS = {
  unifiedSignin: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable unified sign-in: one form (/us-signin) for a password, a mailed or texted code, or an authenticator code.',
  }),
  usEnabledMethods: opt<readonly UsMethod[]>({
    kind: 'string-list',
    default: ['password', 'email', 'authenticator', 'sms'],
    choices: US_METHODS,
    origin: 'flask-security',
    doc: 'Methods users may sign in with ("authenticator" needs totpSecrets and totpIssuer; "sms" sends through smsSender).',
  }),
  usMfaRequired: opt<readonly UsMethod[]>({
    kind: 'string-list',
    default: ['password', 'email'],
    choices: US_METHODS,
    origin: 'flask-security',
    doc: 'With twoFactor on, the sign-in methods after which a user with a second factor must still give it.',
  }),
  usTokenValidity: opt<number>({
    kind: 'duration',
    default: 2 * MINUTE,
    origin: 'flask-security',
    doc: 'How long a mailed or texted sign-in code (and the magic link) works; once, and only the newest.',
  }),
  usSetupWithin: opt<number>({
    kind: 'duration',
    default: 30 * MINUTE,
    origin: 'flask-security',
    doc: 'How long a setup started at /us-setup waits for its code before it must be started again.',
  }),
  usSigninReplacesLogin: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Offer /us-signin where /login would be offered, and /us-verify as the reauthentication page.',
  }),
  usEmailSubject: opt<string>({
    kind: 'string',
    default: 'Verification Code',
    origin: 'flask-security',
    doc: 'Subject of the mail carrying a unified sign-in or setup code.',
  }),
  passwordRequired: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Registration needs a password; false (with unifiedSignin) lets users register without one and sign in by code.',
  }),
  usSigninUrl: opt<string>({
    kind: 'string',
    default: '/us-signin',
    origin: 'flask-security',
    doc: 'Endpoint of the unified sign-in form.',
  }),
  usSigninSendCodeUrl: opt<string>({
    kind: 'string',
    default: '/us-signin/send-code',
    origin: 'flask-security',
    doc: 'Endpoint that mails or texts a sign-in code.',
  }),
  usVerifyUrl: opt<string>({
    kind: 'string',
    default: '/us-verify',
    origin: 'flask-security',
    doc: 'Endpoint that re-authenticates a signed-in user by any method they set up.',
  }),
  usVerifySendCodeUrl: opt<string>({
    kind: 'string',
    default: '/us-verify/send-code',
    origin: 'flask-security',
    doc: 'Endpoint that mails or texts a re-authentication code.',
  }),
  usVerifyLinkUrl: opt<string>({
    kind: 'string',
    default: '/us-verify-link',
    origin: 'flask-security',
    doc: 'Endpoint of the magic link in the sign-in code mail.',
  }),
  usSetupUrl: opt<string>({
    kind: 'string',
    default: '/us-setup',
    origin: 'flask-security',
    doc: 'Endpoint to add, change or remove sign-in methods (a fresh sign-in only); codes complete at its /<state>.',
  }),
  usPostSetupView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after completing a setup; null means usSetupUrl.',
  }),
  usMagicLinkSameBrowser: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'barbican',
    doc: 'The magic link signs in only the browser that asked for the code (upstream lets any browser use it).',
  }),
} as const;

/** The subset of the resolved config the checks read (kept structural to avoid an import cycle). */
interface UnifiedSigninConfig {
  readonly unifiedSignin: boolean;
  readonly usEnabledMethods: readonly string[];
  readonly usTokenValidity: number;
  readonly usSetupWithin: number;
  readonly passwordRequired: boolean;
  readonly totpSecrets: Readonly<Record<string, unknown>> | null;
  readonly totpIssuer: string | null;
}

/** Start-up checks: a configuration that cannot work fails now and names the option. */
export function checkUnifiedSigninOptions(config: UnifiedSigninConfig): void {
  if (config.usTokenValidity < 1) {
    throw invalidValue('usTokenValidity', 'a duration of at least 1 second', config.usTokenValidity);
  }
  if (config.usSetupWithin < 1) {
    throw invalidValue('usSetupWithin', 'a duration of at least 1 second', config.usSetupWithin);
  }
  if (!config.passwordRequired && !config.unifiedSignin) {
    // Upstream ignores it then; a user registered without a password could never sign in.
    throw invalidValue('passwordRequired', 'true unless unifiedSignin is on', false);
  }
  if (!config.unifiedSignin) return;
  if (config.usEnabledMethods.length === 0) {
    throw invalidValue('usEnabledMethods', 'at least one method when unifiedSignin is on', []);
  }
  if (!config.passwordRequired && !config.usEnabledMethods.some((m) => m !== 'password')) {
    throw invalidValue('passwordRequired', 'true when usEnabledMethods offers only "password"', false);
  }
  if (!config.usEnabledMethods.includes('authenticator')) return;
  if (config.totpSecrets === null) {
    throw invalidValue(
      'totpSecrets',
      'a key map such as {"1": "<32+ random characters>"} for the unified-sign-in "authenticator"',
      null,
    );
  }
  if (config.totpIssuer === null || config.totpIssuer === '' || config.totpIssuer.includes(':')) {
    throw invalidValue(
      'totpIssuer',
      'a non-empty name without ":" for the unified-sign-in "authenticator"',
      config.totpIssuer,
    );
  }
}
