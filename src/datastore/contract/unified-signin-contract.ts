/** Contract: unified sign-in methods, the phone number as an identity, and the authenticator's replay guard. */
import { describe, expect, it } from 'vitest';
import { expectDatastoreError, type StoreFixture } from './store-fixture.js';

const NOW = 1_700_000_000_000;

export function describeUnifiedSigninContract(fixture: StoreFixture): void {
  describe('unified sign-in', () => {
    it('starts empty, then keeps each method with its sealed secret or none', async () => {
      const user = await fixture.store.createUser({ email: 'us@example.com' });
      expect(await fixture.store.findUnifiedSigninProfile(user.id)).toEqual({
        methods: {},
        phone: null,
        totpLastStep: null,
      });
      await fixture.store.setUsMethod(user.id, 'email', { totpSecret: null, nowMs: NOW });
      await fixture.store.setUsMethod(user.id, 'authenticator', { totpSecret: 'sealed-1', nowMs: NOW });
      await fixture.store.setUsMethod(user.id, 'authenticator', { totpSecret: 'sealed-2', nowMs: NOW });
      expect((await fixture.store.findUnifiedSigninProfile(user.id)).methods).toEqual({
        authenticator: 'sealed-2',
        email: null,
      });
    });

    it('stores the phone with sms, finds its user by it, and clears it when sms goes', async () => {
      const user = await fixture.store.createUser({ email: 'sms@example.com' });
      await fixture.store.setUsMethod(user.id, 'sms', {
        totpSecret: null,
        phone: '+15005550006',
        nowMs: NOW,
      });
      expect((await fixture.store.findUnifiedSigninProfile(user.id)).phone).toBe('+15005550006');
      expect((await fixture.store.findUserByUsPhone('+15005550006'))?.id).toBe(user.id);
      expect(await fixture.store.findUserByUsPhone('+15005550007')).toBeNull();
      expect(await fixture.store.removeUsMethods(user.id, ['sms'], null)).toBe(true);
      expect(await fixture.store.findUnifiedSigninProfile(user.id)).toMatchObject({
        methods: {},
        phone: null,
      });
    });

    it("refuses another user's phone number and changes nothing for that user", async () => {
      const first = await fixture.store.createUser({ email: 'first@example.com' });
      const second = await fixture.store.createUser({ email: 'second@example.com' });
      await fixture.store.setUsMethod(first.id, 'sms', {
        totpSecret: null,
        phone: '+15005550006',
        nowMs: NOW,
      });
      await expectDatastoreError(
        fixture.store.setUsMethod(second.id, 'sms', { totpSecret: null, phone: '+15005550006', nowMs: NOW }),
        'PHONE_EXISTS',
      );
      expect(await fixture.store.findUnifiedSigninProfile(second.id)).toMatchObject({
        methods: {},
        phone: null,
      });
    });

    it('removes methods only while one of those that must be kept remains', async () => {
      const user = await fixture.store.createUser({ email: 'keep@example.com' });
      await fixture.store.setUsMethod(user.id, 'email', { totpSecret: null, nowMs: NOW });
      await fixture.store.setUsMethod(user.id, 'authenticator', { totpSecret: 's', nowMs: NOW });
      const mustKeep = ['email', 'authenticator'];
      expect(await fixture.store.removeUsMethods(user.id, ['email', 'authenticator'], mustKeep)).toBe(false);
      expect(Object.keys((await fixture.store.findUnifiedSigninProfile(user.id)).methods)).toEqual([
        'authenticator',
        'email',
      ]);
      expect(await fixture.store.removeUsMethods(user.id, ['email'], mustKeep)).toBe(true);
      expect(await fixture.store.removeUsMethods(user.id, ['authenticator'], mustKeep)).toBe(false);
      expect(await fixture.store.removeUsMethods(user.id, ['authenticator'], null)).toBe(true);
      expect((await fixture.store.findUnifiedSigninProfile(user.id)).methods).toEqual({});
    });

    it('of two racing removals of the last two methods, one is refused', async () => {
      const user = await fixture.store.createUser({ email: 'race@example.com' });
      await fixture.store.setUsMethod(user.id, 'email', { totpSecret: null, nowMs: NOW });
      await fixture.store.setUsMethod(user.id, 'sms', {
        totpSecret: null,
        phone: '+15005550009',
        nowMs: NOW,
      });
      const mustKeep = ['email', 'sms'];
      const results = await Promise.all([
        fixture.store.removeUsMethods(user.id, ['email'], mustKeep),
        fixture.store.removeUsMethods(user.id, ['sms'], mustKeep),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(Object.keys((await fixture.store.findUnifiedSigninProfile(user.id)).methods)).toHaveLength(1);
    });

    it('advances the authenticator step only forwards, apart from the two-factor one', async () => {
      const user = await fixture.store.createUser({ email: 'step@example.com' });
      expect(await fixture.store.recordUsTOTPStep(user.id, 10)).toBe(true);
      expect(await fixture.store.recordUsTOTPStep(user.id, 10)).toBe(false);
      expect(await fixture.store.recordUsTOTPStep(user.id, 9)).toBe(false);
      expect(await fixture.store.recordTOTPStep(user.id, 10)).toBe(true);
      expect((await fixture.store.findUnifiedSigninProfile(user.id)).totpLastStep).toBe(10);
      expect((await fixture.store.findUserById(user.id))?.tfTotpLastStep).toBe(10);
    });

    it('forgets the methods and the phone with the user', async () => {
      const user = await fixture.store.createUser({ email: 'gone@example.com' });
      await fixture.store.setUsMethod(user.id, 'sms', {
        totpSecret: null,
        phone: '+15005550008',
        nowMs: NOW,
      });
      await fixture.store.deleteUser(user);
      expect((await fixture.store.findUnifiedSigninProfile(user.id)).methods).toEqual({});
      expect(await fixture.store.findUserByUsPhone('+15005550008')).toBeNull();
    });
  });
}
