/**
 * Two-factor options (issue 9), and the start-up checks that tie them together. Only what the
 * feature really implements is listed; the rest stays "planned" in flask-security-options.ts.
 */
import { invalidValue } from '../config-error.js';
import { DAY, MINUTE, opt } from '../option-spec.js';

/** The second factors Barbican can deliver (WebAuthn joins later). */
export const TWO_FACTOR_METHODS = ['authenticator', 'email', 'sms'] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

export const TWO_FACTOR_OPTIONS = {
  twoFactor: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable two-factor sign-in: a user who set up a second factor needs it after the password.',
  }),
  twoFactorRequired: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Every user needs a second factor: one without sets it up right after the password.',
  }),
  twoFactorEnabledMethods: opt<readonly TwoFactorMethod[]>({
    kind: 'string-list',
    default: ['authenticator', 'email'],
    choices: TWO_FACTOR_METHODS,
    origin: 'flask-security',
    doc: 'Second factors users may set up ("sms" sends codes through createSecurity\'s smsSender).',
  }),
  twoFactorMailValidity: opt<number>({
    kind: 'duration',
    default: 5 * MINUTE,
    origin: 'flask-security',
    doc: 'How long a mailed two-factor code works (once, and only the newest one).',
  }),
  twoFactorSmsValidity: opt<number>({
    kind: 'duration',
    default: 2 * MINUTE,
    origin: 'flask-security',
    doc: 'How long a texted two-factor code works (once, and only the newest one).',
  }),
  phoneRegionDefault: opt<string>({
    kind: 'string',
    default: 'US',
    origin: 'flask-security',
    doc: 'Region (ISO 3166 code) of phone numbers typed without a + prefix.',
  }),
  twoFactorSetupUrl: opt<string>({
    kind: 'string',
    default: '/tf-setup',
    origin: 'flask-security',
    doc: 'Endpoint to choose, change or disable the second factor.',
  }),
  twoFactorTokenValidationUrl: opt<string>({
    kind: 'string',
    default: '/tf-validate',
    origin: 'flask-security',
    doc: 'Endpoint that takes the second-factor code.',
  }),
  twoFactorPostSetupView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after completing or disabling a setup; null means twoFactorSetupUrl.',
  }),
  twoFactorRescueUrl: opt<string>({
    kind: 'string',
    default: '/tf-rescue',
    origin: 'flask-security',
    doc: 'Endpoint a pending sign-in asks for help at (a code by mail, or a mail to the help desk).',
  }),
  twoFactorRescueEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Offer "email" at /tf-rescue: a one-time code mailed to the account address.',
  }),
  twoFactorRescueMail: opt<string>({
    kind: 'string',
    default: 'no-reply@localhost',
    origin: 'flask-security',
    doc: 'Help-desk address /tf-rescue mails when a user asks for help.',
  }),
  emailSubjectTwoFactorRescue: opt<string>({
    kind: 'string',
    default: 'Two-factor Rescue',
    origin: 'flask-security',
    doc: 'Subject of the help request mailed to twoFactorRescueMail.',
  }),
  emailSubjectTwoFactor: opt<string>({
    kind: 'string',
    default: 'Two-factor Login',
    origin: 'flask-security',
    doc: 'Subject of the mail carrying a two-factor code.',
  }),
  totpSecrets: opt<Readonly<Record<string, string>> | null>({
    kind: 'object',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Version → key material ({"1": "…"}) sealing authenticator secrets; the newest version encrypts.',
  }),
  totpIssuer: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'The service name authenticator apps show; needed by the authenticator method.',
  }),
  twoFactorAlwaysValidate: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Always ask for the second factor; false lets a remembered sign-in set a "remember this device" cookie.',
  }),
  twoFactorLoginValidity: opt<number>({
    kind: 'duration',
    default: 30 * DAY,
    origin: 'flask-security',
    doc: 'How long the "remember this device" cookie skips the second factor on that browser.',
  }),
  twoFactorValidityCookieName: opt<string>({
    kind: 'string',
    default: 'tf_validity',
    origin: 'flask-security',
    doc: 'Name of the "remember this device" cookie (HttpOnly, SameSite=Strict).',
  }),
  multiFactorRecoveryCodes: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable recovery codes (/mf-recovery-codes, /mf-recovery): single-use codes in place of a second factor.',
  }),
  multiFactorRecoveryCodesN: opt<number>({
    kind: 'integer',
    default: 5,
    origin: 'flask-security',
    doc: 'How many recovery codes a new set has.',
  }),
  multiFactorRecoveryCodesUrl: opt<string>({
    kind: 'string',
    default: '/mf-recovery-codes',
    origin: 'flask-security',
    doc: 'Endpoint that generates a new set of recovery codes (shown once).',
  }),
  multiFactorRecoveryUrl: opt<string>({
    kind: 'string',
    default: '/mf-recovery',
    origin: 'flask-security',
    doc: 'Endpoint where a pending sign-in uses a recovery code.',
  }),
  twoFactorPendingLoginWithin: opt<number>({
    kind: 'duration',
    default: 5 * MINUTE,
    origin: 'barbican',
    doc: 'How long a correct password waits for its second factor before that sign-in is thrown away.',
  }),
  twoFactorMaxAttempts: opt<number>({
    kind: 'integer',
    default: 5,
    origin: 'barbican',
    doc: 'Codes a half-finished sign-in (and each mailed code) may be tried with before it is thrown away.',
  }),
} as const;

/** The subset of the resolved config the checks read (kept structural to avoid an import cycle). */
interface TwoFactorConfig {
  readonly twoFactor: boolean;
  readonly twoFactorEnabledMethods: readonly string[];
  readonly totpSecrets: Readonly<Record<string, unknown>> | null;
  readonly totpIssuer: string | null;
  readonly twoFactorMaxAttempts: number;
  readonly twoFactorValidityCookieName: string;
  readonly multiFactorRecoveryCodesN: number;
}

/** Start-up checks: a configuration that cannot work fails now and names the option. */
export function checkTwoFactorOptions(config: TwoFactorConfig): void {
  if (config.twoFactorMaxAttempts < 1) {
    throw invalidValue('twoFactorMaxAttempts', 'an integer of at least 1', config.twoFactorMaxAttempts);
  }
  if (config.totpSecrets !== null) checkTOTPSecrets(config.totpSecrets);
  if (config.multiFactorRecoveryCodesN < 1 || config.multiFactorRecoveryCodesN > 50) {
    throw invalidValue(
      'multiFactorRecoveryCodesN',
      'an integer from 1 to 50',
      config.multiFactorRecoveryCodesN,
    );
  }
  // RFC 6265 token characters: anything else would fail when the cookie is first set.
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(config.twoFactorValidityCookieName)) {
    throw invalidValue(
      'twoFactorValidityCookieName',
      'a cookie name (RFC 6265 token)',
      config.twoFactorValidityCookieName,
    );
  }
  if (!config.twoFactor) return;
  if (config.twoFactorEnabledMethods.length === 0) {
    throw invalidValue('twoFactorEnabledMethods', 'at least one method when twoFactor is on', []);
  }
  if (!config.twoFactorEnabledMethods.includes('authenticator')) return;
  if (config.totpSecrets === null) {
    throw invalidValue(
      'totpSecrets',
      'a key map such as {"1": "<32+ random characters>"} for "authenticator"',
      null,
    );
  }
  if (config.totpIssuer === null || config.totpIssuer === '' || config.totpIssuer.includes(':')) {
    throw invalidValue('totpIssuer', 'a non-empty name without ":" for "authenticator"', config.totpIssuer);
  }
}

function checkTOTPSecrets(keys: Readonly<Record<string, unknown>>): void {
  const entries = Object.entries(keys);
  const expected = 'versions of positive integers mapped to at least 16 characters, such as {"1": "…"}';
  if (entries.length === 0) throw invalidValue('totpSecrets', expected, keys);
  for (const [version, material] of entries) {
    const ok = /^[1-9][0-9]{0,8}$/.test(version) && typeof material === 'string' && material.length >= 16;
    // The key material is a secret: never echo it into an error message or log.
    if (!ok) throw invalidValue('totpSecrets', expected, `{"${version}": …}`);
  }
}
