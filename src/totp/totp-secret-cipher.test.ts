import { describe, expect, it } from 'vitest';
import { generateTOTPSecret } from './totp-secret.js';
import { createTOTPSecretCipher } from './totp-secret-cipher.js';

const K1 = 'first key material, long enough';
const K2 = 'second key material, long enough';

describe('TOTP secret cipher', () => {
  it('seals under the highest version and opens back to the secret', () => {
    const cipher = createTOTPSecretCipher({ '2': K2, '10': 'tenth key material, long enough', '1': K1 });
    const secret = generateTOTPSecret();
    const stored = cipher.seal(secret);
    expect(stored).toMatch(/^v10:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret);
    expect(cipher.open(stored)).toEqual({ ok: true, secret, needsRotation: false });
  });

  it('uses a fresh IV each time, so one secret sealed twice gives two different values', () => {
    const cipher = createTOTPSecretCipher({ '1': K1 });
    const secret = generateTOTPSecret();
    expect(cipher.seal(secret)).not.toBe(cipher.seal(secret));
  });

  it('rotates: v1 values still open after v2 is added, are flagged, re-seal under v2, and die with v1', () => {
    const secret = generateTOTPSecret();
    const old = createTOTPSecretCipher({ '1': K1 }).seal(secret);

    const both = createTOTPSecretCipher({ '1': K1, '2': K2 });
    const opened = both.open(old);
    expect(opened).toEqual({ ok: true, secret, needsRotation: true });
    const resealed = both.seal(secret);
    expect(resealed.startsWith('v2:')).toBe(true);

    const onlyNew = createTOTPSecretCipher({ '2': K2 });
    expect(onlyNew.open(resealed)).toEqual({ ok: true, secret, needsRotation: false });
    expect(onlyNew.open(old)).toEqual({ ok: false, reason: 'UNKNOWN_KEY_VERSION' });
  });

  it('refuses a value whose bytes were edited', () => {
    const cipher = createTOTPSecretCipher({ '1': K1 });
    const stored = cipher.seal(generateTOTPSecret());
    const body = Buffer.from(stored.slice(3), 'base64url');
    body[20] = (body[20] ?? 0) ^ 1;
    expect(cipher.open(`v1:${body.toString('base64url')}`)).toEqual({ ok: false, reason: 'TAMPERED' });
  });

  it('refuses a value relabelled with another version whose key exists', () => {
    const cipher = createTOTPSecretCipher({ '1': K1, '2': K2 });
    const stored = cipher.seal(generateTOTPSecret());
    expect(cipher.open(stored.replace(/^v2:/, 'v1:'))).toEqual({ ok: false, reason: 'TAMPERED' });
  });

  it('refuses a value sealed under other key material with the same version', () => {
    const stored = createTOTPSecretCipher({ '1': 'someone else key material' }).seal(generateTOTPSecret());
    expect(createTOTPSecretCipher({ '1': K1 }).open(stored)).toEqual({ ok: false, reason: 'TAMPERED' });
  });

  it('binds a value to its owner: opening it for another boundTo is refused', () => {
    const cipher = createTOTPSecretCipher({ '1': K1 });
    const secret = generateTOTPSecret();
    const stored = cipher.seal(secret, { boundTo: 'user:1' });
    expect(cipher.open(stored, { boundTo: 'user:1' })).toEqual({ ok: true, secret, needsRotation: false });
    expect(cipher.open(stored, { boundTo: 'user:2' })).toEqual({ ok: false, reason: 'TAMPERED' });
    expect(cipher.open(stored)).toEqual({ ok: false, reason: 'TAMPERED' });
  });

  it.each([
    '',
    'JBSWY3DPEHPK3PXP',
    'v1:',
    'v1:AAAA',
    'v0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'v1:%%%%',
    'v1:a.b',
  ])('refuses malformed stored value %j as a value, without throwing', (stored) => {
    expect(createTOTPSecretCipher({ '1': K1 }).open(stored)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('refuses bad key maps at construction, naming the version', () => {
    expect(() => createTOTPSecretCipher({})).toThrow(/at least one version/);
    expect(() => createTOTPSecretCipher({ one: K1 })).toThrow(/"one"/);
    expect(() => createTOTPSecretCipher({ '0': K1 })).toThrow(/"0"/);
    expect(() => createTOTPSecretCipher({ '1': 'short' })).toThrow(/version 1/);
  });
});
