import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { createMemoryOneTimeCodeStore } from './memory-one-time-code-store.js';
import { createOneTimeCodes } from './one-time-codes.js';

const joe = { subject: '1', purpose: 'us-email' } as const;

function setup(maxAttempts?: number) {
  const clock = createFakeClock();
  const store = createMemoryOneTimeCodeStore();
  const codes = createOneTimeCodes({
    store,
    key: randomBytes(32),
    clock,
    ...(maxAttempts ? { maxAttempts } : {}),
  });
  return { clock, store, codes };
}

/** A code that is certainly not `code`. */
function wrong(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

describe('one-time codes: expiry', () => {
  it('accepts the code until its validity ends and refuses it from that moment', async () => {
    const { clock, codes } = setup();
    const { code, expiresAtMs } = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(expiresAtMs).toBe(clock.nowMs() + 300_000);
    clock.advanceSeconds(299);
    expect(await codes.pending(joe.subject, joe.purpose)).not.toBeNull();
    clock.advanceSeconds(1);
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: false, reason: 'EXPIRED' });
    expect(await codes.pending(joe.subject, joe.purpose)).toBeNull();
  });

  it('accepts the code just before it expires', async () => {
    const { clock, codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    clock.advanceSeconds(299);
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: true });
  });

  it('reports when the pending code was issued, for a minimum interval between sends', async () => {
    const { clock, codes } = setup();
    const issuedAtMs = clock.nowMs();
    await codes.issue({ ...joe, validForSeconds: 300 });
    clock.advanceSeconds(10);
    expect(await codes.pending(joe.subject, joe.purpose)).toEqual({
      issuedAtMs,
      expiresAtMs: issuedAtMs + 300_000,
    });
  });
});

describe('one-time codes: attempts', () => {
  it('voids the code after five wrong tries by default: the right code is refused afterwards', async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await codes.verify({ ...joe, code: wrong(code) }));
    expect(results).toEqual(
      [4, 3, 2, 1, 0].map((attemptsLeft) => ({ valid: false, reason: 'INVALID_CODE', attemptsLeft })),
    );
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: false, reason: 'NO_CODE' });
  });

  it('accepts the right code on the last allowed try', async () => {
    const { codes } = setup(3);
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    await codes.verify({ ...joe, code: wrong(code) });
    await codes.verify({ ...joe, code: wrong(code) });
    expect(await codes.verify({ ...joe, code })).toEqual({ valid: true });
  });

  it('compares at most maxAttempts guesses even when many arrive at once', async () => {
    const { codes } = setup();
    const { code } = await codes.issue({ ...joe, validForSeconds: 300 });
    const guesses = Array.from({ length: 50 }, (_, i) => String(i).padStart(6, '0')).filter(
      (g) => g !== code,
    );
    guesses.push(code); // the right code last: the cap must already have voided the record
    const results = await Promise.all(guesses.map((guess) => codes.verify({ ...joe, code: guess })));
    expect(results.filter((r) => !r.valid && r.reason === 'INVALID_CODE')).toHaveLength(5);
    // Every other guess took an attempt past the cap and was turned away without a comparison.
    expect(results.filter((r) => !r.valid && r.reason === 'TOO_MANY_ATTEMPTS')).toHaveLength(
      guesses.length - 5,
    );
    expect(results.some((r) => r.valid)).toBe(false);
  });

  it('starts a fresh count for a newly issued code', async () => {
    const { codes } = setup(2);
    const first = await codes.issue({ ...joe, validForSeconds: 300 });
    await codes.verify({ ...joe, code: wrong(first.code) });
    const second = await codes.issue({ ...joe, validForSeconds: 300 });
    expect(await codes.verify({ ...joe, code: wrong(second.code) })).toMatchObject({ attemptsLeft: 1 });
    expect(await codes.verify({ ...joe, code: second.code })).toEqual({ valid: true });
  });
});
