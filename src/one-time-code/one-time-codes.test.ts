import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { createMemoryOneTimeCodeStore } from './memory-one-time-code-store.js';
import type { OneTimeCodeStore } from './one-time-code-store.js';
import { createOneTimeCodes } from './one-time-codes.js';

vi.mock('../crypto/signer.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../crypto/signer.js')>();
  return { ...original, safeEqual: vi.fn(original.safeEqual) };
});
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, randomInt: vi.fn(original.randomInt) };
});
const { safeEqual } = await import('../crypto/signer.js');
const { randomInt } = await import('node:crypto');

function setup(store: OneTimeCodeStore = createMemoryOneTimeCodeStore()) {
  const clock = createFakeClock();
  const codes = createOneTimeCodes({ store, key: randomBytes(32), clock });
  return { store, clock, codes };
}

const joe = { subject: '1', purpose: 'tf-email' } as const;

describe('one-time codes: issue and verify', () => {
  it('issues six digits, drawn uniformly with randomInt over 000000–999999, leading zeros kept', async () => {
    const { codes } = setup();
    vi.mocked(randomInt).mockImplementationOnce((() => 42) as typeof randomInt);
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(code).toBe('000042');
    expect(randomInt).toHaveBeenLastCalledWith(0, 1_000_000);
    const next = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(next.code).toMatch(/^\d{6}$/);
  });

  it('stores only a MAC of the code, never the code', async () => {
    const { codes, store } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    const stored = await store.get(joe.subject, joe.purpose);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(stored?.codeMAC).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the right code once: the second use is refused', async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: true });
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: false, reason: 'NO_CODE' });
  });

  it('accepts the code typed with spaces', async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(await codes.verify({ ...joe, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` })).toEqual({
      valid: true,
    });
  });

  it('lets only one of two concurrent requests with the right code succeed', async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    const results = await Promise.all([codes.verify({ ...joe, code }), codes.verify({ ...joe, code })]);
    expect(results.filter((r) => r.valid)).toHaveLength(1);
  });

  it("never accepts one user's code for another user or another purpose", async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    await codes.issue({ subject: '2', purpose: 'tf-email', validForSeconds: 300 });
    await codes.issue({ subject: '1', purpose: 'us-email', validForSeconds: 300 });
    expect((await codes.verify({ subject: '2', purpose: 'tf-email', code })).valid).toBe(false);
    expect((await codes.verify({ subject: '1', purpose: 'us-email', code })).valid).toBe(false);
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: true });
  });

  it('binds a code to its delivery target: it verifies only for the number it was sent to', async () => {
    const { codes } = setup();
    const sent = { subject: '1', purpose: 'tf-sms-setup', target: '+447700900123' };
    const { code } = await codes.issue({ ...sent, validForSeconds: 300 });
    expect(await codes.verify({ ...sent, target: '+447700900999', code })).toMatchObject({
      valid: false,
      reason: 'INVALID_CODE',
    });
    expect(await codes.verify({ ...sent, code })).toEqual({ valid: true });
  });

  it('supersedes: a new code for the same user and purpose voids the old one', async () => {
    const { codes } = setup();
    vi.mocked(randomInt)
      .mockImplementationOnce((() => 111_111) as typeof randomInt)
      .mockImplementationOnce((() => 222_222) as typeof randomInt);
    const first = await codes.issue({ ...joe, validForSeconds: 300 });
    const second = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(await codes.verify({ ...joe, code: first.code })).toMatchObject({
      valid: false,
      reason: 'INVALID_CODE',
    });
    expect(await codes.verify({ ...joe, code: second.code })).toEqual({ valid: true });
  });

  it('compares in constant time, and does the same MAC and compare when no code is pending', async () => {
    const { codes } = setup();
    const compare = vi.mocked(safeEqual);
    compare.mockClear();
    await codes.verify({ ...joe, code: '123456' });
    expect(compare).toHaveBeenCalledTimes(1);
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    await codes.verify({ ...joe, code });
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it('refuses malformed and over-long input as a wrong code, without throwing', async () => {
    const { codes } = setup();
    await codes.issue({ ...joe, validForSeconds: 300 });
    for (const code of ['', 'abcdef', '1'.repeat(1_000_000)]) {
      expect(await codes.verify({ ...joe, code })).toMatchObject({ valid: false, reason: 'INVALID_CODE' });
    }
  });

  it('revoke voids the pending code', async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    await codes.revoke(joe.subject, joe.purpose);
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: false, reason: 'NO_CODE' });
  });

  it('refuses misuse at the call: a short key, a bad purpose, a non-positive validity', async () => {
    const { store, clock } = setup();
    expect(() => createOneTimeCodes({ store, key: randomBytes(16), clock })).toThrow(/32 bytes/);
    expect(() => createOneTimeCodes({ store, key: randomBytes(32), clock, maxAttempts: 0 })).toThrow(
      /maxAttempts/,
    );
    const { codes } = setup();
    await expect(codes.issue({ subject: '1', purpose: 'Bad Purpose', validForSeconds: 60 })).rejects.toThrow(
      /purpose/,
    );
    await expect(codes.issue({ ...joe, validForSeconds: 0 })).rejects.toThrow(/validForSeconds/);
  });
});
