/**
 * Generic answers for identity hints: an identity that is unknown, or has no key for this use, gets
 * allowCredentials with one made-up credential id, derived from the identity under a key of the
 * app's secret, so asking twice gives the same answer and it looks like a user with one key.
 * Without it, an empty list would tell anyone which identities have WebAuthn keys.
 */
import { createHmac } from 'node:crypto';
import type { SecurityCore } from '../../core.js';
import { deriveKey } from '../../crypto/keys.js';

const keys = new WeakMap<SecurityCore, Buffer>();

/** A base64url credential id of 32 bytes, like a platform authenticator's. */
export function decoyCredentialId(core: SecurityCore, identity: string): string {
  let key = keys.get(core);
  if (!key) {
    key = deriveKey(core.config.secretKey, 'webauthn-decoy');
    keys.set(core, key);
  }
  return createHmac('sha256', key).update(identity.trim().toLowerCase()).digest('base64url');
}
