import { hashSync } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './argon2-hasher.js';

// Cheap parameters: these tests are about behaviour, not cost.
const FAST = { memoryCost: 256, timeCost: 1, parallelism: 1 } as const;
const ARGON2I = 1;

describe('argon2id hashing', () => {
  it('produces an argon2id PHC string with the configured parameters', async () => {
    const hasher = createPasswordHasher({ argon2: FAST });
    const stored = await hasher.hash('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it('uses the OWASP argon2id parameters when none are given', async () => {
    const hasher = createPasswordHasher();
    expect(await hasher.hash('correct horse')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('salts every hash', async () => {
    const hasher = createPasswordHasher({ argon2: FAST });
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createPasswordHasher({ argon2: FAST });
    const stored = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', stored)).toEqual({ valid: true, needsRehash: false });
    expect(await hasher.verify('correct horsE', stored)).toEqual({ valid: false, needsRehash: false });
  });

  it('refuses bad configuration at construction, naming the option', () => {
    expect(() => createPasswordHasher({ argon2: { memoryCost: 4 } })).toThrow(/argon2\.memoryCost/);
    expect(() => createPasswordHasher({ argon2: { timeCost: 0 } })).toThrow(/argon2\.timeCost/);
    expect(() => createPasswordHasher({ argon2: { parallelism: 0 } })).toThrow(/argon2\.parallelism/);
    expect(() => createPasswordHasher({ maxConcurrent: 0 })).toThrow(/maxConcurrent/);
  });
});

describe('needsRehash', () => {
  it('is true for an argon2id hash made with weaker parameters', async () => {
    const old = await createPasswordHasher({ argon2: { ...FAST, memoryCost: 128 } }).hash('pw');
    const current = createPasswordHasher({ argon2: FAST });
    expect(await current.verify('pw', old)).toEqual({ valid: true, needsRehash: true });
  });

  it('is true for an argon2id hash whose parameters differ from policy even if stronger', async () => {
    const old = await createPasswordHasher({ argon2: { ...FAST, timeCost: 2 } }).hash('pw');
    const current = createPasswordHasher({ argon2: FAST });
    expect(await current.verify('pw', old)).toEqual({ valid: true, needsRehash: true });
  });

  it('is true for an argon2i hash with the same parameters', async () => {
    const old = hashSync('pw', { ...FAST, algorithm: ARGON2I });
    expect(old.startsWith('$argon2i$')).toBe(true);
    const current = createPasswordHasher({ argon2: FAST });
    expect(await current.verify('pw', old)).toEqual({ valid: true, needsRehash: true });
  });

  it('is false for a hash made with the current parameters', async () => {
    const hasher = createPasswordHasher({ argon2: FAST });
    expect(await hasher.verify('pw', await hasher.hash('pw'))).toEqual({ valid: true, needsRehash: false });
  });

  it('is false when the password is wrong, since only the right password can be rehashed', async () => {
    const old = await createPasswordHasher({ argon2: { ...FAST, memoryCost: 128 } }).hash('pw');
    const current = createPasswordHasher({ argon2: FAST });
    expect(await current.verify('not pw', old)).toEqual({ valid: false, needsRehash: false });
  });
});

describe('malformed stored hashes', () => {
  const hasher = createPasswordHasher({ argon2: FAST });
  const bad: Array<[string, unknown]> = [
    ['an empty string', ''],
    ['plain text', 'hunter2'],
    ['a truncated argon2 hash', '$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHQ'],
    ['argon2 with broken parameters', '$argon2id$v=19$m=x,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaA'],
    ['a truncated bcrypt hash', '$2b$12$abcdefghijklmnopqrstuv'],
    ['an unknown scheme', '$6$rounds=5000$salt$hash'],
    ['null from a database column', null],
  ];
  for (const [label, stored] of bad) {
    it(`treats ${label} as a refusal without throwing`, async () => {
      expect(await hasher.verify('pw', stored as string)).toEqual({ valid: false, needsRehash: false });
    });
  }
});
