/** Per-purpose keys derived once from the app secret, so a key leaked from one use opens no other. */
import { hkdfSync } from 'node:crypto';

export type KeyPurpose =
  | 'session-cookie'
  | 'auth-token'
  | 'csrf-token'
  | 'remember'
  | 'link-token'
  /** AES-256-GCM key of queued mail bodies (src/mail/mail-sealing.ts). */
  | 'mail-body';

/**
 * Keys a feature derives when it is switched on, rather than every Security holding them in
 * core.keys: the MAC key of mailed and texted one-time codes (src/one-time-code/), the signing
 * key of the two-factor "remember this device" cookie, the MAC key of stored recovery codes, and
 * the MAC key of sessions' public ids (src/auth/session-manager.ts).
 */
export type FeatureKeyPurpose =
  | 'one-time-code'
  | 'tf-validity'
  | 'recovery-code'
  | 'webauthn-decoy'
  | 'session-public-id';

/** HKDF-SHA256 (RFC 5869) with the purpose as `info`. */
export function deriveKey(secretKey: string, purpose: KeyPurpose | FeatureKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'barbican', `barbican:${purpose}`, 32));
}
