import { URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { createTOTPService } from './totp-service.js';
import { totpStepAt } from './verify-totp.js';

const K1 = 'first key material, long enough';
const K2 = 'second key material, long enough';

/** What the user's phone shows, read from the URI exactly as an app would. */
function phoneCode(uri: string, nowMs: number): string {
  return URI.parse(uri).generate({ timestamp: nowMs });
}

describe('TOTP service', () => {
  it('sets up with a scannable URI, a typed key and a QR data URL, and keeps the secret only sealed', async () => {
    const clock = createFakeClock();
    const totp = createTOTPService({ keys: { '1': K1 }, issuer: 'Barbican', clock });
    const setup = await totp.beginSetup({ subject: '7', accountName: 'joe@example.com' });
    const secret = new URL(setup.uri).searchParams.get('secret') ?? '';
    expect(setup.uri.startsWith('otpauth://totp/Barbican:joe%40example.com?')).toBe(true);
    expect(setup.key.replaceAll('-', '')).toBe(secret);
    expect(setup.qrCodeDataURL.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(setup.sealedSecret.startsWith('v1:')).toBe(true);
    expect(setup.sealedSecret).not.toContain(secret);
  });

  it("accepts the phone's code once and returns the step to remember", async () => {
    const clock = createFakeClock();
    const totp = createTOTPService({ keys: { '1': K1 }, issuer: 'Barbican', clock });
    const setup = await totp.beginSetup({ subject: '7', accountName: 'joe' });
    const code = phoneCode(setup.uri, clock.nowMs());
    const first = totp.verify({ subject: '7', sealedSecret: setup.sealedSecret, code, lastUsedStep: null });
    expect(first).toEqual({ valid: true, step: totpStepAt(clock.nowMs()), resealedSecret: null });
    const again = totp.verify({
      subject: '7',
      sealedSecret: setup.sealedSecret,
      code,
      lastUsedStep: totpStepAt(clock.nowMs()),
    });
    expect(again).toEqual({ valid: false, reason: 'REPLAYED_CODE' });
  });

  it("refuses a secret sealed for another user, even with that secret's right code", async () => {
    const clock = createFakeClock();
    const totp = createTOTPService({ keys: { '1': K1 }, issuer: 'Barbican', clock });
    const setup = await totp.beginSetup({ subject: '7', accountName: 'joe' });
    const code = phoneCode(setup.uri, clock.nowMs());
    expect(totp.verify({ subject: '8', sealedSecret: setup.sealedSecret, code, lastUsedStep: null })).toEqual(
      {
        valid: false,
        reason: 'SECRET_UNREADABLE',
      },
    );
  });

  it('re-seals a secret from an older key under the newest on a successful verify', async () => {
    const clock = createFakeClock();
    const old = createTOTPService({ keys: { '1': K1 }, issuer: 'Barbican', clock });
    const setup = await old.beginSetup({ subject: '7', accountName: 'joe' });
    const rotated = createTOTPService({ keys: { '1': K1, '2': K2 }, issuer: 'Barbican', clock });
    const result = rotated.verify({
      subject: '7',
      sealedSecret: setup.sealedSecret,
      code: phoneCode(setup.uri, clock.nowMs()),
      lastUsedStep: null,
    });
    expect(result).toMatchObject({ valid: true });
    const resealed = result.valid ? result.resealedSecret : null;
    expect(resealed?.startsWith('v2:')).toBe(true);

    clock.advanceSeconds(30);
    const onlyNew = createTOTPService({ keys: { '2': K2 }, issuer: 'Barbican', clock });
    expect(
      onlyNew.verify({
        subject: '7',
        sealedSecret: resealed ?? '',
        code: phoneCode(setup.uri, clock.nowMs()),
        lastUsedStep: null,
      }),
    ).toMatchObject({ valid: true, resealedSecret: null });
  });

  it('refuses an issuer with a colon at construction', () => {
    expect(() => createTOTPService({ keys: { '1': K1 }, issuer: 'a:b', clock: createFakeClock() })).toThrow(
      /":"/,
    );
  });
});
