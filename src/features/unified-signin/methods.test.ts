/** The methods model every us-* endpoint reads (issue 10): enabled, code, setup and active methods. */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve-config.js';
import type { User } from '../../datastore/types.js';
import type { UnifiedSigninProfile } from '../../datastore/unified-signin-types.js';
import {
  activeUsCodeMethods,
  activeUsMethods,
  usCodeMethods,
  usMfaRequired,
  usSetupMethods,
} from './methods.js';

const BASE = {
  secretKey: 'unified-signin-methods-0123456789abcdefgh',
  externalUrl: 'https://example.com',
  unifiedSignin: true,
  totpSecrets: { '1': 'totp-key-material-0123456789abcdef' },
  totpIssuer: 'Test',
};

function profile(methods: Record<string, string | null>): UnifiedSigninProfile {
  return { methods, phone: null, totpLastStep: null };
}

const withPassword = { password: '$argon2id$…' } as User;
const without = { password: null } as User;

describe('unified sign-in methods', () => {
  it('derive code and setup methods from usEnabledMethods, in its order', () => {
    const config = resolveConfig({
      ...BASE,
      usEnabledMethods: ['sms', 'password', 'authenticator', 'email'],
    });
    expect(usCodeMethods(config)).toEqual(['sms', 'email']);
    expect(usSetupMethods(config)).toEqual(['sms', 'authenticator', 'email']);
  });

  it('count the password whenever the user has one, and only enabled set-up methods', () => {
    const config = resolveConfig({ ...BASE, usEnabledMethods: ['email', 'authenticator'] });
    const set = profile({ sms: null, email: null, authenticator: 'sealed' });
    expect(activeUsMethods(config, withPassword, set)).toEqual(['password', 'email', 'authenticator']);
    expect(activeUsMethods(config, without, set)).toEqual(['email', 'authenticator']);
    expect(activeUsCodeMethods(config, without, set)).toEqual(['email']);
    expect(activeUsMethods(config, without, profile({}))).toEqual([]);
  });

  it('ask for the second factor only with twoFactor on and the method in usMfaRequired', () => {
    const off = resolveConfig(BASE);
    expect(usMfaRequired(off, 'password')).toBe(false);
    const on = resolveConfig({ ...BASE, twoFactor: true, usMfaRequired: ['password'] });
    expect(usMfaRequired(on, 'password')).toBe(true);
    expect(usMfaRequired(on, 'email')).toBe(false);
    expect(usMfaRequired(on, 'authenticator')).toBe(false);
  });
});
