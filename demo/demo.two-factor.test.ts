/** The demo switches two-factor on (issue 9 item 13), tunable through SECURITY_* variables. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDemoConfig } from './demo-config.js';

const SECRET = 'demo-two-factor-secret-0123456789abcdef';
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-tf-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function config(env: Record<string, string>) {
  return resolveDemoConfig(
    { SECRET_KEY: SECRET, ...env },
    { baseUrl: 'http://127.0.0.1:8000', cwd, warn: () => {} },
  );
}

describe('the demo config', () => {
  it('has two-factor on with the authenticator and email, not required, and rescue by mail', () => {
    const resolved = config({});
    expect(resolved).toMatchObject({
      twoFactor: true,
      twoFactorRequired: false,
      twoFactorEnabledMethods: ['authenticator', 'email'],
      totpIssuer: 'Barbican Demo',
      twoFactorRescueEmail: true,
      multiFactorRecoveryCodes: false,
    });
    expect(Object.keys(resolved.totpSecrets ?? {})).toEqual(['1']);
  });

  it('takes the help desk, recovery codes and TOTP keys from SECURITY_* variables', () => {
    const resolved = config({
      SECURITY_TWO_FACTOR_RESCUE_MAIL: 'helpdesk@example.com',
      SECURITY_MULTI_FACTOR_RECOVERY_CODES: 'true',
      SECURITY_TOTP_SECRETS: '{"1": "old-key-material-0123456789", "2": "new-key-material-0123456789"}',
    });
    expect(resolved.twoFactorRescueMail).toBe('helpdesk@example.com');
    expect(resolved.multiFactorRecoveryCodes).toBe(true);
    expect(Object.keys(resolved.totpSecrets ?? {})).toEqual(['1', '2']);
  });
});
