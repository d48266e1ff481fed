import { Secret, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createTOTPKeyURI, formatTOTPKey, generateTOTPSecret } from './totp-secret.js';

describe('generateTOTPSecret', () => {
  it('returns 160 random bits as unpadded base32', () => {
    const secret = generateTOTPSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(secret).bytes.length).toBe(20);
  });

  it('never repeats across many draws', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateTOTPSecret()));
    expect(seen.size).toBe(1000);
  });
});

describe('formatTOTPKey', () => {
  it('groups the key by four for typing by hand', () => {
    expect(formatTOTPKey('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ')).toBe('JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXQ');
  });
});

describe('createTOTPKeyURI', () => {
  it('names the issuer and the account and carries the secret with the standard parameters', () => {
    const secret = generateTOTPSecret();
    const uri = createTOTPKeyURI({ secret, issuer: 'Barbican Demo', accountName: 'joe@example.com' });
    expect(uri.startsWith('otpauth://totp/Barbican%20Demo:joe%40example.com?')).toBe(true);
    const params = new URL(uri).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      issuer: 'Barbican Demo',
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('round-trips through an otpauth URI parser, even with a colon in the account name', () => {
    const secret = generateTOTPSecret();
    const parsed = URI.parse(createTOTPKeyURI({ secret, issuer: 'A B', accountName: 'x:y@example.com' }));
    expect(parsed.issuer).toBe('A B');
    expect(parsed.label).toBe('x:y@example.com');
    expect(parsed.secret.base32).toBe(secret);
  });

  it('refuses an empty account name, an empty issuer or a colon in the issuer as a programming error', () => {
    const secret = generateTOTPSecret();
    expect(() => createTOTPKeyURI({ secret, issuer: 'A:B', accountName: 'joe' })).toThrow(/":"/);
    expect(() => createTOTPKeyURI({ secret, issuer: 'X', accountName: '' })).toThrow(TypeError);
    expect(() => createTOTPKeyURI({ secret, issuer: '', accountName: 'joe' })).toThrow(TypeError);
  });
});
