/** Random identifiers from the OS CSPRNG. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: session ids, CSRF secrets. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Hex SHA-256, for storing only hashes of bearer secrets. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
