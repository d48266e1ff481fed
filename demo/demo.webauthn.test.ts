/** The demo switches WebAuthn on (issue 11 item 10), every role allowed as upstream's defaults. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDemoConfig } from './demo-config.js';

const SECRET = 'demo-webauthn-secret-0123456789abcdefghi';
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-wan-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function config(env: Record<string, string>) {
  return resolveDemoConfig(
    { SECRET_KEY: SECRET, ...env },
    { baseUrl: 'http://localhost:8000', cwd, warn: () => {} },
  );
}

describe('the demo config', () => {
  it('has WebAuthn on in every role, named for the demo', () => {
    expect(config({})).toMatchObject({
      webauthn: true,
      wanRpName: 'Barbican Demo',
      wanAllowAsFirstFactor: true,
      wanAllowAsMultiFactor: true,
      wanAllowAsVerify: ['first', 'secondary'],
    });
  });

  it('takes WebAuthn settings from SECURITY_WAN_* variables', () => {
    expect(config({ SECURITY_WEBAUTHN: 'false' }).webauthn).toBe(false);
    expect(config({ SECURITY_WAN_RP_NAME: 'Mine' }).wanRpName).toBe('Mine');
  });
});
