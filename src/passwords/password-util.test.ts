import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './argon2-hasher.js';
import { createPasswordUtil, type PasswordUtilConfig } from './password-util.js';

const BASE: PasswordUtilConfig = {
  passwordNormalizeForm: 'NFKD',
  passwordLengthMin: 8,
  passwordComplexityChecker: null,
  zxcvbnMinimumScore: 3,
  passwordCheckBreached: false,
  passwordBreachedCount: 1,
};
const REGISTER = { isRegister: true } as const;

/** A fetch that answers every range query with `body`, counting calls. */
function rangeFetch(body: string): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: async () => {
      calls += 1;
      return new Response(body, { status: 200 });
    },
    calls: () => calls,
  };
}

function codes(problems: readonly { code: string }[] | null): string[] | null {
  return problems === null ? null : problems.map((problem) => problem.code);
}

describe('createPasswordUtil', () => {
  it('refuses an empty password as not provided', async () => {
    const { problems } = await createPasswordUtil(BASE).validate('', REGISTER);
    expect(codes(problems)).toEqual(['PASSWORD_NOT_PROVIDED']);
  });

  it('returns the normalized password to hash', async () => {
    const util = createPasswordUtil(BASE);
    const result = await util.validate('caf\u00e9-\ufb01shbowl', REGISTER);
    expect(result).toEqual({ problems: null, normalized: 'cafe\u0301-fishbowl' });
    expect(util.normalize('\ufb01')).toBe('fi');
  });

  it('leaves passwords alone when normalization is off', async () => {
    const util = createPasswordUtil({ ...BASE, passwordNormalizeForm: null });
    expect((await util.validate('caf\u00e9-\ufb01shbowl', REGISTER)).normalized).toBe(
      'caf\u00e9-\ufb01shbowl',
    );
  });

  it('checks length after normalization', async () => {
    // Four ligatures are four code points typed, eight once normalized.
    const util = createPasswordUtil(BASE);
    expect((await util.validate('\ufb01\ufb01\ufb01\ufb01', REGISTER)).problems).toBeNull();
  });

  it('skips complexity and breached checks when they are off', async () => {
    const { problems } = await createPasswordUtil(BASE).validate('password', REGISTER);
    expect(problems).toBeNull();
  });

  it('reports problems from every validator together', async () => {
    const sha1Suffix = '5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8'.slice(5); // SHA-1 of 'password'
    const fake = rangeFetch(`${sha1Suffix}:9545824\r\n0000000000000000000000000000000000A:0`);
    const util = createPasswordUtil({
      ...BASE,
      passwordLengthMin: 12,
      passwordComplexityChecker: 'zxcvbn',
      passwordCheckBreached: 'strict',
      fetch: fake.fetch,
    });
    const { problems } = await util.validate('password', REGISTER);
    expect(codes(problems)).toEqual(['PASSWORD_INVALID_LENGTH', 'PASSWORD_TOO_SIMPLE', 'PASSWORD_BREACHED']);
    expect(fake.calls()).toBe(1);
  });

  it('passes user inputs to the complexity checker', async () => {
    const util = createPasswordUtil({ ...BASE, passwordComplexityChecker: 'zxcvbn' });
    expect((await util.validate('Quokka-Lantern-91', REGISTER)).problems).toBeNull();
    const { problems } = await util.validate('Quokka-Lantern-91', {
      isRegister: false,
      userInputs: ['Quokka-Lantern-91@example.com', 'Quokka-Lantern-91'],
    });
    expect(codes(problems)).toEqual(['PASSWORD_TOO_SIMPLE']);
  });

  it('stops at the length check for an over-long password, sparing zxcvbn and the network', async () => {
    const fake = rangeFetch('');
    const util = createPasswordUtil({
      ...BASE,
      passwordComplexityChecker: 'zxcvbn',
      passwordCheckBreached: 'strict',
      fetch: fake.fetch,
    });
    const { problems } = await util.validate('a'.repeat(129), REGISTER);
    expect(codes(problems)).toEqual(['PASSWORD_TOO_LONG']);
    expect(fake.calls()).toBe(0);
  });

  it('honours passwordBreachedCount', async () => {
    const sha1Suffix = '5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8'.slice(5);
    const fake = rangeFetch(`${sha1Suffix}:3`);
    const config = { ...BASE, passwordCheckBreached: 'best-effort', fetch: fake.fetch } as const;
    expect(
      (await createPasswordUtil({ ...config, passwordBreachedCount: 4 }).validate('password', REGISTER))
        .problems,
    ).toBeNull();
    const { problems } = await createPasswordUtil({ ...config, passwordBreachedCount: 3 }).validate(
      'password',
      REGISTER,
    );
    expect(codes(problems)).toEqual(['PASSWORD_BREACHED']);
  });

  it('throws at construction for bad configuration, naming the option', () => {
    expect(() => createPasswordUtil({ ...BASE, passwordLengthMin: 0 })).toThrow(/passwordLengthMin/);
    expect(() => createPasswordUtil({ ...BASE, passwordLengthMax: 4 })).toThrow(/passwordLengthMax/);
    expect(() => createPasswordUtil({ ...BASE, zxcvbnMinimumScore: 7 })).toThrow(/zxcvbnMinimumScore/);
    expect(() => createPasswordUtil({ ...BASE, passwordBreachedCount: 0 })).toThrow(/passwordBreachedCount/);
    expect(() => createPasswordUtil({ ...BASE, passwordCheckBreached: true as unknown as false })).toThrow(
      /passwordCheckBreached/,
    );
    expect(() => createPasswordUtil({ ...BASE, passwordComplexityChecker: 'zxcvbn4' as 'zxcvbn' })).toThrow(
      /passwordComplexityChecker/,
    );
    expect(() => createPasswordUtil({ ...BASE, passwordNormalizeForm: 'nfkd' as 'NFKD' })).toThrow(
      /passwordNormalizeForm/,
    );
  });
});

describe('password util with the hasher', () => {
  it('lets a user who registered with a ligature log in typing the plain letters', async () => {
    const util = createPasswordUtil(BASE);
    const hasher = createPasswordHasher({ argon2: { memoryCost: 256, timeCost: 1, parallelism: 1 } });
    const registered = await util.validate('\ufb01nal-caf\u00e9-answer', REGISTER);
    const stored = await hasher.hash(registered.normalized);
    const result = await hasher.verify(util.normalize('final-cafe\u0301-answer'), stored);
    expect(result.valid).toBe(true);
  });
});
