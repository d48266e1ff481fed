/**
 * TOTP verification (RFC 6238) with a ±1 step window and replay refusal.
 *
 * RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the OTP after the successful
 * validation has been issued for the first OTP". The caller keeps the last accepted time step per
 * user; any step at or before it is refused, so a code (or an older one still in the window)
 * works once. Flask-Security 5.1.2 does not do this.
 */
import { HOTP, Secret } from 'otpauth';
import { safeEqual } from '../crypto/signer.js';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_IN_SECONDS = 30;
/** One step either side absorbs clock drift and the time a user takes to type (RFC 6238 §6). */
export const TOTP_WINDOW_STEPS = 1;

export interface VerifyTOTPOptions {
  readonly nowMs: number;
  /** The step this user's last accepted code belonged to, or null if none was ever accepted. */
  readonly lastUsedStep: number | null;
}

export type VerifyTOTPResult =
  | { readonly valid: true; readonly step: number }
  | { readonly valid: false; readonly reason: 'INVALID_CODE' | 'REPLAYED_CODE' };

const CODE_PATTERN = /^\d{6}$/;
/** Longer input is refused before any HMAC, so a huge body costs nothing. */
const MAX_INPUT_LENGTH = 32;

/** The RFC 6238 time step a moment belongs to. */
export function totpStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_IN_SECONDS);
}

/**
 * Checks `code` against the steps around `nowMs`. On success the matched step is returned: the
 * caller must persist it as the user's new `lastUsedStep` (atomically, only if it is larger than
 * the stored one, so two concurrent requests with the same code cannot both pass).
 *
 * @example
 * const result = verifyTOTP(secret, '123456', { nowMs: clock.nowMs(), lastUsedStep: user.tfTotpLastStep });
 * if (result.valid) await saveLastStep(user.id, result.step);
 */
export function verifyTOTP(secret: string, code: string, options: VerifyTOTPOptions): VerifyTOTPResult {
  const candidate = code.length > MAX_INPUT_LENGTH ? '' : code.replace(/[\s-]/g, '');
  if (!CODE_PATTERN.test(candidate)) return { valid: false, reason: 'INVALID_CODE' };
  const key = Secret.fromBase32(secret);
  const current = totpStepAt(options.nowMs);
  // Every step in the window is generated and compared, whatever matches, so the work done does
  // not reveal which step (if any) the code belonged to.
  let accepted: number | null = null;
  let replayed = false;
  for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
    const expected = HOTP.generate({ secret: key, algorithm: 'SHA1', digits: TOTP_DIGITS, counter: step });
    if (!safeEqual(candidate, expected)) continue;
    const fresh = options.lastUsedStep === null || step > options.lastUsedStep;
    if (fresh && accepted === null) accepted = step;
    if (!fresh) replayed = true;
  }
  if (accepted !== null) return { valid: true, step: accepted };
  return { valid: false, reason: replayed ? 'REPLAYED_CODE' : 'INVALID_CODE' };
}
