import { beforeEach, expect, it } from 'vitest';
import { createSessionFor, describeEachBackend } from './cli-harness.contract.js';

describeEachBackend('barbican users tf-reset', (backend) => {
  beforeEach(async () => {
    await backend.run(['users', 'create', 'ann@example.com', '--password', 'correct horse battery staple']);
  });

  it("removes the second factor and recovery codes and ends the user's sessions", async () => {
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      await store.updateUser(user!, {
        tfPrimaryMethod: 'authenticator',
        tfTotpSecret: 'v1:sealed',
        tfTotpLastStep: 7,
      });
      await store.replaceRecoveryCodes(user!.id, ['mac-1', 'mac-2'], 1_000);
      await createSessionFor(store, user!.fsUniquifier, 'session-1');
    });

    const first = await backend.run(['users', 'tf-reset', 'ann@example.com']);
    const second = await backend.run(['users', 'tf-reset', 'ann@example.com']);

    expect(first).toEqual({
      code: 0,
      stdout:
        'Two-factor removed for user ann@example.com; recovery codes, sessions, tokens and mailed links have ended.\n',
      stderr: '',
    });
    expect(second).toMatchObject({ code: 0, stdout: expect.stringMatching(/^No second factor was set up/) });
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      expect(user).toMatchObject({ tfPrimaryMethod: null, tfTotpSecret: null, tfTotpLastStep: null });
      expect(await store.countRecoveryCodes(user!.id)).toBe(0);
      expect(await store.findSessionWithUser('session-1', Date.now())).toBeNull();
    });
  });

  it('names a user it cannot find', async () => {
    expect(await backend.run(['users', 'tf-reset', 'nobody@example.com'])).toMatchObject({ code: 1 });
  });
});
