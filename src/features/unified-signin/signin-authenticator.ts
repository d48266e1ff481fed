/**
 * The unified-sign-in authenticator code: checked against the user's own unified-sign-in secret
 * (not the two-factor one, as upstream keeps them apart), counted only if this request advanced
 * the user's last used step (so a code works once, also between two requests racing with it).
 */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { UnifiedSigninProfile } from '../../datastore/unified-signin-types.js';
import { totpServiceOf } from '../../totp/totp-service-of.js';

export async function verifyUsAuthenticator(
  core: SecurityCore,
  user: User,
  profile: UnifiedSigninProfile,
  code: string,
): Promise<boolean> {
  const sealedSecret = profile.methods.authenticator;
  const totp = totpServiceOf(core);
  if (!sealedSecret || totp === null) return false;
  const result = totp.verify({
    subject: String(user.id),
    sealedSecret,
    code,
    lastUsedStep: profile.totpLastStep,
  });
  if (!result.valid) {
    if (result.reason === 'SECRET_UNREADABLE') {
      core.reportError(new Error(`unified sign-in: the TOTP secret of user ${user.id} cannot be opened`));
    }
    return false;
  }
  if (!(await core.datastore.recordUsTOTPStep(user.id, result.step))) return false;
  // Rotation: a secret sealed under an older key is stored again under the newest.
  if (result.resealedSecret !== null) {
    const nowMs = core.clock.nowMs();
    await core.datastore.setUsMethod(user.id, 'authenticator', { totpSecret: result.resealedSecret, nowMs });
  }
  return true;
}
