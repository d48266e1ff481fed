/**
 * WebAuthn options (issue 11), as upstream's WAN_* keys. Upstream's two *Timeout values are what
 * the browser is told (milliseconds, as upstream); the *Within durations bound the server-side
 * ceremony state.
 */
import { invalidValue } from '../config-error.js';
import { MINUTE, opt } from '../option-spec.js';

/** Upstream's credential usages; WAN_ALLOW_AS_VERIFY lists which may re-authenticate. */
export const WEBAUTHN_USAGES = ['first', 'secondary'] as const;

export const WEBAUTHN_OPTIONS = {
  webauthn: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable WebAuthn (security keys and passkeys): /wan-register, /wan-signin, /wan-verify, /wan-delete.',
  }),
  wanRpName: opt<string>({
    kind: 'string',
    default: 'My Flask App',
    origin: 'flask-security',
    doc: 'The relying-party name authenticators show; the RP ID and origin come from externalUrl.',
  }),
  wanRegisterUrl: opt<string>({
    kind: 'string',
    default: '/wan-register',
    origin: 'flask-security',
    doc: 'Endpoint that lists credentials and starts a registration (the response goes to its /<state>).',
  }),
  wanSigninUrl: opt<string>({
    kind: 'string',
    default: '/wan-signin',
    origin: 'flask-security',
    doc: 'Endpoint that signs in with a credential, as the first or the second factor.',
  }),
  wanVerifyUrl: opt<string>({
    kind: 'string',
    default: '/wan-verify',
    origin: 'flask-security',
    doc: 'Endpoint that re-authenticates (freshness) with a credential.',
  }),
  wanDeleteUrl: opt<string>({
    kind: 'string',
    default: '/wan-delete',
    origin: 'flask-security',
    doc: 'Endpoint that deletes a registered credential by name (needs a fresh sign-in).',
  }),
  wanPostRegisterView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after registering a credential; null means wanRegisterUrl.',
  }),
  wanRegisterWithin: opt<number>({
    kind: 'duration',
    default: 30 * MINUTE,
    origin: 'flask-security',
    doc: 'How long a registration state (wan_state) stays usable; it works once.',
  }),
  wanRegisterTimeout: opt<number>({
    kind: 'integer',
    default: 60_000,
    origin: 'flask-security',
    doc: 'The timeout, in milliseconds, the browser is given for creating a credential.',
  }),
  wanSigninWithin: opt<number>({
    kind: 'duration',
    default: MINUTE,
    origin: 'flask-security',
    doc: 'How long a sign-in or verify state (wan_state) stays usable; it works once.',
  }),
  wanSigninTimeout: opt<number>({
    kind: 'integer',
    default: 60_000,
    origin: 'flask-security',
    doc: 'The timeout, in milliseconds, the browser is given for using a credential.',
  }),
  wanAllowAsFirstFactor: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Credentials may be registered with usage "first" and sign in without a password.',
  }),
  wanAllowAsMultiFactor: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'A first-factor sign-in whose authenticator verified the user (UV) counts as multi-factor.',
  }),
  wanAllowUserHints: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Sign-in may take an identity and list its credentials; false also requires discoverable keys.',
  }),
  wanAllowAsVerify: opt<readonly string[]>({
    kind: 'string-list',
    default: ['first', 'secondary'],
    choices: WEBAUTHN_USAGES,
    origin: 'flask-security',
    doc: 'Usages of credentials that may re-authenticate at /wan-verify; empty switches it off.',
  }),
  wanNameMaxLength: opt<number>({
    kind: 'integer',
    default: 64,
    origin: 'flask-security',
    doc: 'Longest credential name (nickname) accepted, in characters.',
  }),
  wanNameAllowedChars: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Characters a name may use, as a regular-expression class body (e.g. "\\\\w .-"); null allows all but control characters.',
  }),
} as const;

/** The subset of the resolved config the checks read (structural, to avoid an import cycle). */
interface WebAuthnConfig {
  readonly wanNameMaxLength: number;
  readonly wanNameAllowedChars: string | null;
  readonly wanRegisterTimeout: number;
  readonly wanSigninTimeout: number;
}

/**
 * The pattern a credential name must match: wanNameAllowedChars as a character class, or by
 * default anything but control characters (a name is shown in pages and mails).
 */
export function webauthnNamePattern(allowedChars: string | null): RegExp {
  return allowedChars === null ? /^[^\p{Cc}\p{Cf}]+$/u : new RegExp(`^[${allowedChars}]+$`, 'u');
}

/** Start-up checks: a configuration that cannot work fails now and names the option. */
export function checkWebAuthnOptions(config: WebAuthnConfig): void {
  if (config.wanNameMaxLength < 1 || config.wanNameMaxLength > 1024) {
    throw invalidValue('wanNameMaxLength', 'an integer from 1 to 1024', config.wanNameMaxLength);
  }
  for (const option of ['wanRegisterTimeout', 'wanSigninTimeout'] as const) {
    if (config[option] < 1000) throw invalidValue(option, 'milliseconds, at least 1000', config[option]);
  }
  if (config.wanNameAllowedChars === null) return;
  try {
    webauthnNamePattern(config.wanNameAllowedChars);
  } catch {
    throw invalidValue(
      'wanNameAllowedChars',
      'the body of a regular-expression character class',
      config.wanNameAllowedChars,
    );
  }
}
