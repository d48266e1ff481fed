/**
 * Which of the user's methods a typed passcode matches, tried in usEnabledMethods order as
 * upstream does: the password, then a mailed or texted code, then the authenticator. Codes are
 * only tried when the passcode looks like one (six digits, spaces allowed), so a mistyped password
 * never uses up a pending code's attempts. The method that matched decides whether the second
 * factor is still needed (usMfaRequired).
 */
import { verifyUserPassword } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { UnifiedSigninProfile } from '../../datastore/unified-signin-types.js';
import { verifyUsAuthenticator } from './signin-authenticator.js';
import type { CodeFlow, CodeMethod } from './signin-codes.js';
import { verifySigninCode } from './signin-codes.js';

const CODE_SHAPE = /^\d{6}$/;

export interface PasscodeContext {
  readonly flow: CodeFlow;
  /** browserBinding() of this request. */
  readonly binding: string;
  readonly profile: UnifiedSigninProfile;
  /** The methods this user has set up (methods.ts), password included when they have one. */
  readonly active: readonly string[];
}

function codeTarget(user: User, profile: UnifiedSigninProfile, method: CodeMethod): string | null {
  return method === 'email' ? user.email : profile.phone;
}

/** The method the passcode matched, or null. */
export async function matchPasscode(
  core: SecurityCore,
  user: User,
  passcode: string,
  context: PasscodeContext,
): Promise<string | null> {
  const code = passcode.replace(/\s/g, '');
  const looksLikeCode = CODE_SHAPE.test(code);
  for (const method of core.config.usEnabledMethods) {
    if (method === 'password') {
      // Called even without a password (a dummy hash), so "has no password" does not show in timing.
      if (await verifyUserPassword(core, user, passcode)) return 'password';
      continue;
    }
    if (!looksLikeCode || !context.active.includes(method)) continue;
    if (method === 'authenticator') {
      if (await verifyUsAuthenticator(core, user, context.profile, code)) return method;
      continue;
    }
    const target = codeTarget(user, context.profile, method);
    if (target === null) continue;
    const slot = { flow: context.flow, method, target, binding: context.binding };
    if ((await verifySigninCode(core, user, slot, code)).valid) return method;
  }
  return null;
}
