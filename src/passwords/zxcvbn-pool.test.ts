import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../errors.js';
import { createPasswordUtil, type PasswordUtilConfig } from './password-util.js';
import { COMPLEXITY_QUEUE_FULL_CODE, createZxcvbnPool, type ZxcvbnPool } from './zxcvbn-pool.js';

/** Costs zxcvbn well over a second on the main thread (measured 1.5–3.8 s at 128 characters). */
const PATHOLOGICAL = 'p4$$w0rd'.repeat(16);

const pools: ZxcvbnPool[] = [];
function pool(timeoutMs: number, maxQueue = 4): ZxcvbnPool {
  const created = createZxcvbnPool({ timeoutMs, maxQueue });
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Counts event-loop turns (10 ms interval ticks) while `work` runs. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ ticks: number; value: T }> {
  let ticks = 0;
  const interval = setInterval(() => {
    ticks += 1;
  }, 10);
  try {
    const value = await work;
    return { ticks, value };
  } finally {
    clearInterval(interval);
  }
}

describe('zxcvbn in a worker thread', () => {
  it('scores ordinary passwords as the synchronous checker does', async () => {
    const p = pool(30_000);
    expect(await p.score('password', [])).toMatchObject({ timedOut: false, score: 0 });
    expect(await p.score('correct horse battery staple 1', [])).toMatchObject({ timedOut: false, score: 4 });
  });

  it('keeps the event loop turning while a pathological password is scored', async () => {
    const p = pool(400);
    await p.score('warm up the dictionaries', []);
    const { ticks, value } = await ticksDuring(p.score(PATHOLOGICAL, []));
    expect(value).toEqual({ timedOut: true });
    // On the main thread the interval could not fire at all until the check ended.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('replaces a worker that overran its budget, so the next check is scored', async () => {
    const p = pool(300);
    expect(await p.score(PATHOLOGICAL, [])).toEqual({ timedOut: true });
    const p2 = await p.score('password', []);
    expect(p2).toMatchObject({ timedOut: false, score: 0 });
  });

  it('refuses checks beyond the queue bound at once with a 503 error', async () => {
    const p = pool(30_000, 1);
    const first = p.score('first password', []);
    const second = p.score('second password', []);
    const third = p.score('third password', []).catch((error: unknown) => error);
    const refused = await third;
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect((refused as ServiceUnavailableError).code).toBe(COMPLEXITY_QUEUE_FULL_CODE);
    expect((await first).timedOut).toBe(false);
    expect((await second).timedOut).toBe(false);
  });
});

describe('createPasswordUtil with zxcvbn', () => {
  const config: PasswordUtilConfig = {
    passwordNormalizeForm: 'NFKD',
    passwordLengthMin: 8,
    passwordComplexityChecker: 'zxcvbn',
    zxcvbnMinimumScore: 3,
    passwordCheckBreached: false,
    passwordBreachedCount: 1,
  };

  it('fails closed: a password that cannot be scored in time is refused', async () => {
    const util = createPasswordUtil({ ...config, passwordComplexityTimeoutMs: 300 });
    const { problems } = await util.validate(PATHOLOGICAL, { isRegister: true });
    expect(problems?.map((p) => p.code)).toEqual(['PASSWORD_COMPLEXITY_UNCHECKED']);
  });

  it('still refuses a weak password and accepts a strong one', async () => {
    const util = createPasswordUtil({ ...config, passwordComplexityTimeoutMs: 30_000 });
    const weak = await util.validate('password1', { isRegister: true });
    expect(weak.problems?.map((p) => p.code)).toEqual(['PASSWORD_TOO_SIMPLE']);
    const strong = await util.validate('correct horse battery staple 1', { isRegister: true });
    expect(strong.problems).toBeNull();
  });

  it('refuses a password built from the user inputs', async () => {
    const util = createPasswordUtil({ ...config, passwordComplexityTimeoutMs: 30_000 });
    const { problems } = await util.validate('jsmithjsmith', {
      isRegister: true,
      userInputs: ['jsmith@example.com'],
    });
    expect(problems?.map((p) => p.code)).toEqual(['PASSWORD_TOO_SIMPLE']);
  });
});
