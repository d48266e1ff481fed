/**
 * The domain steps of two-factor, without HTTP: checking a user's second-factor code. A TOTP code
 * counts only if this request's conditional write advanced the user's last step (replay refusal,
 * also between two requests racing with the same code); a mailed code is single-use by itself.
 */
import { verifyTwoFactorMailCode } from '../../auth/two-factor-mail-code.js';
import { verifyTwoFactorSmsCode } from '../../auth/two-factor-sms-code.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { totpServiceOf } from './totp.js';

/** Checks an authenticator code against a sealed secret (the user's, or one being set up). */
export async function verifyAuthenticatorCode(
  core: SecurityCore,
  user: User,
  sealedSecret: string,
  code: string,
): Promise<{ valid: true; resealedSecret: string | null } | { valid: false }> {
  const totp = totpServiceOf(core);
  if (totp === null) return { valid: false };
  const result = totp.verify({
    subject: String(user.id),
    sealedSecret,
    code,
    lastUsedStep: user.tfTotpLastStep,
  });
  if (!result.valid) {
    if (result.reason === 'SECRET_UNREADABLE') {
      // Answered as an invalid code; the operator must learn that a key version is missing.
      core.reportError(new Error(`two-factor: the TOTP secret of user ${user.id} cannot be opened`));
    }
    return { valid: false };
  }
  if (!(await core.datastore.recordTOTPStep(user.id, result.step))) return { valid: false };
  return { valid: true, resealedSecret: result.resealedSecret };
}

async function rescueCodeValid(core: SecurityCore, user: User, code: string): Promise<boolean> {
  if (!core.config.twoFactorRescueEmail) return false;
  return (await verifyTwoFactorMailCode(core, user, 'tf-rescue', code)).valid;
}

/** The code of the user's own second factor, for a pending sign-in. */
export async function verifySecondFactor(
  core: SecurityCore,
  user: User,
  method: string,
  code: string,
): Promise<boolean> {
  if (method === 'email') return (await verifyTwoFactorMailCode(core, user, 'tf-email', code)).valid;
  if (method === 'sms') {
    const texted =
      user.tfPhoneNumber !== null &&
      (await verifyTwoFactorSmsCode(core, user, 'tf-sms', code, user.tfPhoneNumber)).valid;
    return texted || rescueCodeValid(core, user, code);
  }
  if (method !== 'authenticator' || user.tfTotpSecret === null) return false;
  const result = await verifyAuthenticatorCode(core, user, user.tfTotpSecret, code);
  // A code mailed by /tf-rescue stands in for the app (it is random and single-use, not the TOTP).
  if (!result.valid) return rescueCodeValid(core, user, code);
  // Rotation: a secret sealed under an older key is stored again under the newest.
  if (result.resealedSecret !== null)
    await core.datastore.updateUser(user, { tfTotpSecret: result.resealedSecret });
  return true;
}
