import { HOTP, Secret } from 'otpauth';
import { describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { generateTOTPSecret } from './totp-secret.js';
import { totpStepAt, verifyTOTP } from './verify-totp.js';

vi.mock('../crypto/signer.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../crypto/signer.js')>();
  return { ...original, safeEqual: vi.fn(original.safeEqual) };
});
const { safeEqual } = await import('../crypto/signer.js');

const secret = generateTOTPSecret();
// The middle of a step, so ±N steps are whole periods away and never straddle a boundary.
const nowMs = Date.UTC(2026, 0, 1, 12, 0, 15);
const now = totpStepAt(nowMs);

/** An independent code for a step, straight from the library's RFC 4226 generator. */
function codeAt(step: number, key = secret): string {
  return HOTP.generate({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, counter: step });
}

describe('verifyTOTP window', () => {
  it.each([
    [-1, now - 1],
    [0, now],
    [1, now + 1],
  ])('accepts the code of step %i relative to now and returns that step', (offset, step) => {
    expect(verifyTOTP(secret, codeAt(now + offset), { nowMs, lastUsedStep: null })).toEqual({
      valid: true,
      step,
    });
  });

  it.each([-2, 2])('refuses the code of step %i relative to now', (offset) => {
    expect(verifyTOTP(secret, codeAt(now + offset), { nowMs, lastUsedStep: null })).toEqual({
      valid: false,
      reason: 'INVALID_CODE',
    });
  });

  it('accepts a code shown on the phone while the server clock is one step behind or ahead, not two', () => {
    const clock = createFakeClock(nowMs);
    const shown = codeAt(totpStepAt(clock.nowMs()));
    clock.advanceSeconds(30);
    expect(verifyTOTP(secret, shown, { nowMs: clock.nowMs(), lastUsedStep: null }).valid).toBe(true);
    clock.advanceSeconds(30);
    expect(verifyTOTP(secret, shown, { nowMs: clock.nowMs(), lastUsedStep: null }).valid).toBe(false);
    clock.advanceSeconds(-90);
    expect(verifyTOTP(secret, shown, { nowMs: clock.nowMs(), lastUsedStep: null }).valid).toBe(true);
    clock.advanceSeconds(-30);
    expect(verifyTOTP(secret, shown, { nowMs: clock.nowMs(), lastUsedStep: null }).valid).toBe(false);
  });

  it('computes the step from the clock in 30-second periods (RFC 6238 T0 = 0)', () => {
    expect(totpStepAt(59_999)).toBe(1);
    expect(totpStepAt(60_000)).toBe(2);
  });

  it('matches the RFC 6238 appendix B test vector for SHA1 at T = 59 s', () => {
    const rfcSecret = Secret.fromLatin1('12345678901234567890').base32;
    // RFC 6238 lists 94287082 for 8 digits; the 6-digit code is its last six.
    expect(verifyTOTP(rfcSecret, '287082', { nowMs: 59_000, lastUsedStep: null })).toEqual({
      valid: true,
      step: 1,
    });
  });

  it("refuses another secret's code", () => {
    const other = generateTOTPSecret();
    expect(verifyTOTP(secret, codeAt(now, other), { nowMs, lastUsedStep: null }).valid).toBe(false);
  });
});

describe('verifyTOTP replay', () => {
  it('refuses the same code again once its step was accepted, even inside the window', () => {
    const code = codeAt(now);
    const first = verifyTOTP(secret, code, { nowMs, lastUsedStep: null });
    expect(first).toEqual({ valid: true, step: now });
    expect(verifyTOTP(secret, code, { nowMs: nowMs + 5_000, lastUsedStep: now })).toEqual({
      valid: false,
      reason: 'REPLAYED_CODE',
    });
  });

  it('refuses an older code still in the window after a newer one was accepted', () => {
    expect(verifyTOTP(secret, codeAt(now - 1), { nowMs, lastUsedStep: now })).toEqual({
      valid: false,
      reason: 'REPLAYED_CODE',
    });
  });

  it('accepts the next step after the last accepted one', () => {
    expect(verifyTOTP(secret, codeAt(now + 1), { nowMs, lastUsedStep: now })).toEqual({
      valid: true,
      step: now + 1,
    });
  });
});

describe('verifyTOTP input', () => {
  it('accepts the code typed with a space in the middle, as apps display it', () => {
    const code = codeAt(now);
    expect(
      verifyTOTP(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { nowMs, lastUsedStep: null }).valid,
    ).toBe(true);
  });

  it.each(['', '12345', '1234567', 'abcdef', '１２３４５６', '1'.repeat(100_000)])(
    'refuses malformed input %# as an invalid code without throwing',
    (input) => {
      expect(verifyTOTP(secret, input, { nowMs, lastUsedStep: null })).toEqual({
        valid: false,
        reason: 'INVALID_CODE',
      });
    },
  );

  it('compares every step of the window in constant time, whether or not a step matches', () => {
    const compare = vi.mocked(safeEqual);
    compare.mockClear();
    verifyTOTP(secret, codeAt(now - 1), { nowMs, lastUsedStep: null });
    expect(compare).toHaveBeenCalledTimes(3);
    compare.mockClear();
    verifyTOTP(secret, 'x', { nowMs, lastUsedStep: null });
    expect(compare).toHaveBeenCalledTimes(0);
    verifyTOTP(secret, '000000', { nowMs, lastUsedStep: null });
    expect(compare).toHaveBeenCalledTimes(3);
  });
});
