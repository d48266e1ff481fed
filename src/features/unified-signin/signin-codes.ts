/**
 * Unified sign-in codes by mail or SMS, from the one shared one-time-code service: random,
 * single-use, expiring after usTokenValidity, compared in constant time, void after
 * twoFactorMaxAttempts wrong tries, and superseded by the next one. Each is bound to its user (the
 * subject), to where it went (address or number) and to the browser that asked (signin-browser.ts),
 * so neither another user nor another browser can use it. Sign-in and re-authentication codes have
 * their own purposes: a code sent for one never completes the other.
 */
import { codesOf } from '../../auth/two-factor-mail-code.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { VerifyOneTimeCodeResult } from '../../one-time-code/one-time-codes.js';

/** The methods that deliver a code. */
export type CodeMethod = 'email' | 'sms';
/** Signing in (anonymous) or re-authenticating (signed in). */
export type CodeFlow = 'signin' | 'verify';

export interface CodeSlot {
  readonly flow: CodeFlow;
  readonly method: CodeMethod;
  /** The address or E.164 number the code goes to. */
  readonly target: string;
  /** browserBinding() of the browser that asked. */
  readonly binding: string;
}

export function codePurpose(flow: CodeFlow, method: CodeMethod): string {
  return `us-${flow}-${method}`;
}

/** JSON of an array: no two (target, binding) pairs share an encoding. */
function boundTarget(slot: CodeSlot): string {
  return JSON.stringify([slot.target, slot.binding]);
}

/**
 * Issues a new code for the user with this id (voiding the previous one of the same flow and
 * method); decoys of generic responses use id 0, which no user has.
 */
export async function issueSigninCode(
  core: SecurityCore,
  userId: number,
  slot: CodeSlot,
): Promise<{ code: string; expiresAtMs: number }> {
  return codesOf(core).issue({
    subject: String(userId),
    purpose: codePurpose(slot.flow, slot.method),
    validForSeconds: core.config.usTokenValidity,
    target: boundTarget(slot),
  });
}

export function verifySigninCode(
  core: SecurityCore,
  user: User,
  slot: CodeSlot,
  code: string,
): Promise<VerifyOneTimeCodeResult> {
  return codesOf(core).verify({
    subject: String(user.id),
    purpose: codePurpose(slot.flow, slot.method),
    code,
    target: boundTarget(slot),
  });
}

/** When the live code of this slot was issued (for the minimum interval between sends), or null. */
export async function lastCodeIssuedAtMs(
  core: SecurityCore,
  subject: string,
  flow: CodeFlow,
  method: CodeMethod,
): Promise<number | null> {
  return (await codesOf(core).pending(subject, codePurpose(flow, method)))?.issuedAtMs ?? null;
}

/** Voids a pending code (the magic link of the same mail was used, or the method removed). */
export function revokeSigninCode(core: SecurityCore, user: User, flow: CodeFlow, method: CodeMethod) {
  return codesOf(core).revoke(String(user.id), codePurpose(flow, method));
}
