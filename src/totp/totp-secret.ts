/** New TOTP secrets and the `otpauth://` key URI an authenticator app scans. */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { TOTP_DIGITS, TOTP_PERIOD_IN_SECONDS } from './verify-totp.js';

/** RFC 4226 §4 asks for at least 128 bits and recommends 160; 20 bytes is also what apps expect. */
const SECRET_BYTES = 20;

/**
 * A fresh random secret, base32 without padding (32 characters, 160 bits).
 *
 * @example
 * const secret = generateTOTPSecret(); // 'JBSWY3DPEHPK3PXP…'
 */
export function generateTOTPSecret(): string {
  // Copy into a fresh ArrayBuffer: a Buffer may be a view on a larger shared pool.
  const bytes = new Uint8Array(randomBytes(SECRET_BYTES));
  return new Secret({ buffer: bytes.buffer }).base32;
}

/**
 * The secret in groups of four for typing by hand, as Flask-Security's `key` field shows it
 * (passlib's `pretty_key`).
 *
 * @example
 * formatTOTPKey('JBSWY3DPEHPK3PXP'); // 'JBSW-Y3DP-EHPK-3PXP'
 */
export function formatTOTPKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join('-');
}

export interface TOTPKeyURIOptions {
  /** Base32 secret from generateTOTPSecret. */
  readonly secret: string;
  /** Shown by the app as the account's provider (Flask-Security's TOTP_ISSUER). */
  readonly issuer: string;
  /** The user's identity as the app lists it (upstream: the username, else the email). */
  readonly accountName: string;
}

/**
 * The Key URI Format understood by Google Authenticator and the others: SHA1, 6 digits, 30 s,
 * the only parameters every app honours.
 *
 * @example
 * createTOTPKeyURI({ secret, issuer: 'Example', accountName: 'joe@example.com' });
 * // 'otpauth://totp/Example:joe%40example.com?issuer=Example&secret=…&algorithm=SHA1&digits=6&period=30'
 */
export function createTOTPKeyURI(options: TOTPKeyURIOptions): string {
  if (options.accountName.length === 0) throw new TypeError('createTOTPKeyURI: accountName is empty');
  if (options.issuer.length === 0) throw new TypeError('createTOTPKeyURI: issuer is empty');
  // Apps split the label at its first colon (Key URI Format: "neither issuer nor account name may
  // themselves contain a colon"); a colon in the issuer would shift part of it into the account.
  if (options.issuer.includes(':')) throw new TypeError('createTOTPKeyURI: issuer contains ":"');
  return new TOTP({
    issuer: options.issuer,
    label: options.accountName,
    secret: Secret.fromBase32(options.secret),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_IN_SECONDS,
  }).toString();
}
