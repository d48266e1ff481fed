/**
 * Normalizing and validating the identity values a user types: emails (lower-cased domain, IDN to
 * ASCII, sane lengths) and usernames (Unicode normalization, letters and digits, length limits).
 */
import { domainToASCII } from 'node:url';
import type { SecurityConfig } from '../config/options.js';
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

/** Username rules: usernameNormalizeForm, usernameMinLength..usernameMaxLength, letters and digits. */
export function normalizeUsername(raw: string | undefined, config: SecurityConfig): Checked {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '') return { ok: false, message: MESSAGES.USERNAME_NOT_PROVIDED };
  const form = config.usernameNormalizeForm as 'NFC' | 'NFD' | 'NFKC' | 'NFKD' | null;
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
