/**
 * Verification of bcrypt hashes carried over from Flask-Security, which are only ever verified
 * (then rehashed with argon2id), never produced.
 */

import { createHmac } from 'node:crypto';
import { verify as bcryptVerify } from '@node-rs/bcrypt';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';

/** Modular-crypt bcrypt: `$2b$12$` then 22 characters of salt and 31 of digest. */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function isBcryptHash(storedHash: string): boolean {
  return BCRYPT_HASH.test(storedHash);
}

/**
 * Flask-Security (through 5.1) fed bcrypt base64(HMAC-SHA512(key = SECURITY_PASSWORD_SALT,
 * message = password)) rather than the password itself, unless SECURITY_PASSWORD_SINGLE_HASH.
 * bcrypt reads only the first 72 of those 88 bytes, exactly as passlib did.
 */
export function flaskSecurityHMAC(password: string, salt: string): string {
  return createHmac('sha512', salt).update(password, 'utf8').digest('base64');
}

export interface LegacyBcryptOptions {
  readonly limiter: ConcurrencyLimiter;
  /** Flask-Security's SECURITY_PASSWORD_SALT; when set, the HMAC variant is tried first. */
  readonly hmacSalt?: string;
}

/** True when `password` matches a bcrypt hash, directly or through Flask-Security's HMAC. */
export async function verifyLegacyBcrypt(
  password: string,
  storedHash: string,
  options: LegacyBcryptOptions,
): Promise<boolean> {
  const { limiter, hmacSalt } = options;
  const candidates = hmacSalt === undefined ? [password] : [flaskSecurityHMAC(password, hmacSalt), password];
  for (const candidate of candidates) {
    // A hash that passed the shape check but fails to decode is bad data, not misuse; a full
    // hashing queue or an aborted request propagates (it is no answer about the password).
    const result = await limiter.run(() => bcryptVerify(candidate, storedHash).catch(() => null));
    if (result === null) return false;
    if (result) return true;
  }
  return false;
}
