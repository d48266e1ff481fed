import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPasswordHasher } from './argon2-hasher.js';

// Record which stored hash each argon2 verification ran against.
const verifiedAgainst = vi.hoisted((): string[] => []);
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const original = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...original,
    verify: (hashed: string, password: string): Promise<boolean> => {
      verifiedAgainst.push(hashed);
      return original.verify(hashed, password);
    },
  };
});

const FAST = { memoryCost: 256, timeCost: 1, parallelism: 1 } as const;

describe('verifyDummy', () => {
  beforeEach(() => {
    verifiedAgainst.length = 0;
  });

  it('verifies against an argon2id hash made with the configured parameters', async () => {
    const hasher = createPasswordHasher({ argon2: FAST });
    await hasher.verifyDummy('whatever the user typed');
    expect(verifiedAgainst).toHaveLength(1);
    expect(verifiedAgainst[0]).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
  });

  it('makes the dummy hash once and reuses it, even under concurrent first calls', async () => {
    const hasher = createPasswordHasher({ argon2: FAST });
    await Promise.all([hasher.verifyDummy('a'), hasher.verifyDummy('b')]);
    await hasher.verifyDummy('c');
    expect(verifiedAgainst).toHaveLength(3);
    expect(new Set(verifiedAgainst).size).toBe(1);
  });

  it('does no hashing work before it is first needed', async () => {
    const limiterRuns: number[] = [];
    const limiter = {
      run<T>(fn: () => Promise<T>): Promise<T> {
        limiterRuns.push(1);
        return fn();
      },
    };
    const hasher = createPasswordHasher({ argon2: FAST, limiter });
    expect(limiterRuns).toHaveLength(0);
    await hasher.verifyDummy('x');
    // One hash to make the dummy, one verification against it.
    expect(limiterRuns).toHaveLength(2);
  });
});
