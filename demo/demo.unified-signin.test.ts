/** The demo switches unified sign-in on (issue 10, "The demo"), tunable through SECURITY_* variables. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDemoConfig } from './demo-config.js';

const SECRET = 'demo-unified-signin-secret-0123456789abc';
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-us-'));
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
  it("has unified sign-in on with password, email and authenticator, and 5.1.2's usMfaRequired", () => {
    expect(config({})).toMatchObject({
      unifiedSignin: true,
      usEnabledMethods: ['password', 'email', 'authenticator'],
      usMfaRequired: ['password', 'email'],
      usSigninReplacesLogin: false,
    });
  });

  it('takes the methods from SECURITY_US_ENABLED_METHODS', () => {
    const resolved = config({ SECURITY_US_ENABLED_METHODS: '["password","email"]' });
    expect(resolved.usEnabledMethods).toEqual(['password', 'email']);
  });
});
