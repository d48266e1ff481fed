import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './argon2-hasher.js';
import { normalizePassword } from './normalize.js';

const FAST = { memoryCost: 256, timeCost: 1, parallelism: 1 } as const;
const COMPOSED = 'caf\u00e9-\ufb01sh'; // 'é' as one code point, 'ﬁ' ligature
const DECOMPOSED = 'cafe\u0301-fish'; // 'e' + combining acute, plain 'f' 'i'

describe('normalizePassword', () => {
  it('maps composed characters and compatibility ligatures to one NFKD form', () => {
    expect(normalizePassword(COMPOSED, 'NFKD')).toBe(DECOMPOSED);
    expect(normalizePassword(DECOMPOSED, 'NFKD')).toBe(DECOMPOSED);
  });

  it('applies the requested form', () => {
    expect(normalizePassword(DECOMPOSED, 'NFC')).toBe('caf\u00e9-fish');
    expect(normalizePassword('\ufb01', 'NFD')).toBe('\ufb01');
    expect(normalizePassword('\ufb01', 'NFKC')).toBe('fi');
  });

  it('leaves the password untouched when normalization is off', () => {
    expect(normalizePassword(COMPOSED, null)).toBe(COMPOSED);
  });

  it('throws for an unknown form', () => {
    expect(() => normalizePassword('x', 'NFX' as 'NFC')).toThrow(/passwordNormalizeForm/);
  });
});

describe('normalized hashing', () => {
  const hasher = createPasswordHasher({ argon2: FAST });

  it('verifies a password typed with composed characters against a hash of its decomposed twin', async () => {
    const stored = await hasher.hash(normalizePassword(DECOMPOSED, 'NFKD'));
    const result = await hasher.verify(normalizePassword(COMPOSED, 'NFKD'), stored);
    expect(result.valid).toBe(true);
  });

  it('would not verify without normalization', async () => {
    const stored = await hasher.hash(normalizePassword(DECOMPOSED, null));
    const result = await hasher.verify(normalizePassword(COMPOSED, null), stored);
    expect(result.valid).toBe(false);
  });
});
