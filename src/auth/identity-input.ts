/**
 * Normalizing and validating the identity values a user types: emails (lower-cased domain, IDN to
 * ASCII, sane lengths) and usernames (Unicode normalization, letters and digits, length limits).
 * The one normaliser: registration, the change endpoints, the login lookup and the CLI all use
 * these, so whatever one of them stores, the others find.
 */
import { domainToASCII } from 'node:url';
import type { SecurityConfig } from '../config/options.js';
import type { IdentityAttribute } from '../datastore/types.js';
import { formatMessage, MESSAGES } from '../messages.js';

export type Checked =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly message: string };

const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+$/u;

/**
 * RFC 5321 limits (254 total, 64 local part); the domain is lower-cased and converted to ASCII
 * (IDNA), the local part is kept as typed (it is case-sensitive in principle).
 */
export function normalizeEmail(raw: string | undefined): Checked {
  const value = raw?.trim() ?? '';
  if (value === '') return { ok: false, message: MESSAGES.EMAIL_NOT_PROVIDED };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1 || value.length > 254)
    return { ok: false, message: MESSAGES.INVALID_EMAIL_ADDRESS };
  const local = value.slice(0, at).normalize('NFC');
  const domain = domainToASCII(value.slice(at + 1).toLowerCase());
  const labels = domain.split('.');
  const domainOk =
    domain !== '' &&
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  if (
    local.length > 64 ||
    !LOCAL_PART.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..') ||
    !domainOk
  ) {
    return { ok: false, message: MESSAGES.INVALID_EMAIL_ADDRESS };
  }
  return { ok: true, value: `${local}@${domain}` };
}

/** The options normalizeUsername reads (the CLI has them without the rest of the config). */
export type UsernameRules = Pick<
  SecurityConfig,
  'usernameNormalizeForm' | 'usernameMinLength' | 'usernameMaxLength'
>;

/** Username rules: usernameNormalizeForm, usernameMinLength..usernameMaxLength, letters and digits. */
export function normalizeUsername(raw: string | undefined, config: UsernameRules): Checked {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '') return { ok: false, message: MESSAGES.USERNAME_NOT_PROVIDED };
  const form = config.usernameNormalizeForm;
  const value = form ? trimmed.normalize(form) : trimmed;
  const length = [...value].length;
  if (length < config.usernameMinLength || length > config.usernameMaxLength) {
    return {
      ok: false,
      message: formatMessage('USERNAME_INVALID_LENGTH', {
        min: config.usernameMinLength,
        max: config.usernameMaxLength,
      }),
    };
  }
  if (/[\p{C}\p{Z}]/u.test(value)) return { ok: false, message: MESSAGES.USERNAME_ILLEGAL_CHARACTERS };
  // Decomposed forms (NFKD) leave combining marks; they belong to the letter before them.
  if (!/^[\p{L}\p{N}\p{M}]+$/u.test(value))
    return { ok: false, message: MESSAGES.USERNAME_DISALLOWED_CHARACTERS };
  return { ok: true, value };
}

// Deliberately loose: one @, no spaces, a dot-free local part allowed, a domain with a dot or not.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/u;

export function looksLikeEmail(value: string): boolean {
  return EMAIL_SHAPE.test(value);
}

/**
 * The stored form of a typed identity, for looking it up; null when it cannot be of `attribute`.
 * Lenient where the normalisers refuse (an address they reject is looked up as typed and simply
 * not found), so a lookup never says more than "not found".
 *
 * @example identityLookupValue('email', 'idn@Bücher.example', config) // 'idn@xn--bcher-kva.example'
 */
export function identityLookupValue(
  attribute: IdentityAttribute,
  identity: string,
  config: Pick<SecurityConfig, 'usernameNormalizeForm'>,
): string | null {
  if (attribute === 'email') {
    if (!looksLikeEmail(identity)) return null;
    const email = normalizeEmail(identity);
    return email.ok ? email.value : identity;
  }
  const form = config.usernameNormalizeForm;
  return form ? identity.normalize(form) : identity;
}
