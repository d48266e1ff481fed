/**
 * Upstream's has_webauthn_verify_credential: whether the user holds a key that /wan-verify would
 * accept (a usage listed in wanAllowAsVerify), so a client can offer it when freshness runs out.
 */
import type { SecurityCore } from '../core.js';
import type { User } from '../datastore/types.js';

export async function hasWebAuthnVerifyCredential(core: SecurityCore, user: User): Promise<boolean> {
  const usages: readonly string[] = core.config.wanAllowAsVerify;
  if (!core.config.webauthn || usages.length === 0) return false;
  const keys = await core.datastore.listWebAuthnCredentials(user.id);
  return keys.some((key) => usages.includes(key.usage));
}
