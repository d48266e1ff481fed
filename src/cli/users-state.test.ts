import { beforeEach, expect, it } from 'vitest';
import { createPasswordHasher } from '../passwords/index.js';
import { createSessionFor, describeEachBackend } from './cli-harness.contract.js';

const PASSWORD = 'correct horse battery staple';

describeEachBackend('barbican users: activate, deactivate, reset-access, delete', (backend) => {
  beforeEach(async () => {
    await backend.run(['users', 'create', 'ann@example.com', '--password', PASSWORD, '--username', 'annie']);
  });

  it('deactivates a user and ends their sessions, then reports it was already done', async () => {
    const fsUniquifier = await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      await createSessionFor(store, user!.fsUniquifier, 'session-1');
      return user!.fsUniquifier;
    });

    const first = await backend.run(['users', 'deactivate', 'ann@example.com']);
    const second = await backend.run(['users', 'deactivate', 'ann@example.com']);

    expect(first).toEqual({
      code: 0,
      stdout: 'User ann@example.com deactivated; their sessions, tokens and mailed links have ended.\n',
      stderr: '',
    });
    expect(second).toMatchObject({ code: 0, stdout: 'User ann@example.com was already inactive.\n' });
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      expect(user?.active).toBe(false);
      expect(user?.fsUniquifier).not.toBe(fsUniquifier);
      expect(await store.findSessionWithUser('session-1', Date.now())).toBeNull();
    });
  });

  it('activates a deactivated user, found by username too', async () => {
    await backend.run(['users', 'deactivate', 'annie']);

    const first = await backend.run(['users', 'activate', 'annie']);
    const second = await backend.run(['users', 'activate', 'ANN@example.com']);

    expect(first).toMatchObject({ code: 0, stdout: 'User ann@example.com activated.\n' });
    expect(second).toMatchObject({ code: 0, stdout: 'User ann@example.com was already active.\n' });
    await backend.inspect(async (store) => {
      expect((await store.findUserByIdentity('email', 'ann@example.com'))?.active).toBe(true);
    });
  });

  it('resets access: both uniquifiers rotate and sessions end', async () => {
    const before = await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      await createSessionFor(store, user!.fsUniquifier, 'session-1');
      return user!;
    });

    const result = await backend.run(['users', 'reset-access', 'ann@example.com']);

    expect(result).toMatchObject({
      code: 0,
      stdout: 'Access reset for user ann@example.com: every session, token and mailed link has ended.\n',
    });
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      expect(user?.fsUniquifier).not.toBe(before.fsUniquifier);
      expect(user?.fsTokenUniquifier).not.toBeNull();
      expect(user?.active).toBe(true);
      expect(await store.findSessionWithUser('session-1', Date.now())).toBeNull();
    });
  });

  it('deletes a user', async () => {
    const result = await backend.run(['users', 'delete', 'ann@example.com']);

    expect(result).toMatchObject({ code: 0, stdout: 'User ann@example.com deleted.\n' });
    await backend.inspect(async (store) => {
      expect(await store.findUserByIdentity('email', 'ann@example.com')).toBeNull();
    });
  });

  it.each([['activate'], ['deactivate'], ['reset-access'], ['delete']])(
    'users %s exits 1 for an unknown user',
    async (command) => {
      const result = await backend.run(['users', command, 'bob@example.com']);

      expect(result).toEqual({ code: 1, stdout: '', stderr: 'barbican: User bob@example.com not found.\n' });
    },
  );
});

describeEachBackend('barbican users change-password', (backend) => {
  const NEW_PASSWORD = 'another long passphrase';
  beforeEach(async () => {
    await backend.run(['users', 'create', 'ann@example.com', '--password', PASSWORD]);
  });

  it('sets the new password and ends every session of the user', async () => {
    const before = await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      await createSessionFor(store, user!.fsUniquifier, 'session-1');
      return user!;
    });

    const result = await backend.run([
      'users',
      'change-password',
      'ann@example.com',
      '--password',
      NEW_PASSWORD,
    ]);

    expect(result).toEqual({
      code: 0,
      stdout:
        'Password changed for user ann@example.com; their sessions, tokens and mailed links have ended.\n',
      stderr: '',
    });
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      const hasher = createPasswordHasher();
      expect((await hasher.verify(NEW_PASSWORD, user!.password!)).valid).toBe(true);
      expect((await hasher.verify(PASSWORD, user!.password!)).valid).toBe(false);
      expect(user?.fsUniquifier).not.toBe(before.fsUniquifier);
      expect(await store.findSessionWithUser('session-1', Date.now())).toBeNull();
    });
  });

  it('refuses a weak password and changes nothing', async () => {
    const before = await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      await createSessionFor(store, user!.fsUniquifier, 'session-1');
      return user!;
    });

    const result = await backend.run(['users', 'change-password', 'ann@example.com', '--password', 'short']);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'barbican: Password refused: Password must be at least 8 characters.\n',
    });
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      expect(user?.password).toBe(before.password);
      expect(user?.fsUniquifier).toBe(before.fsUniquifier);
      expect(await store.findSessionWithUser('session-1', Date.now())).not.toBeNull();
    });
  });

  it('exits 1 for an unknown user and 2 without --password', async () => {
    const unknown = await backend.run([
      'users',
      'change-password',
      'bob@example.com',
      '--password',
      NEW_PASSWORD,
    ]);
    const missing = await backend.run(['users', 'change-password', 'ann@example.com']);

    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'barbican: User bob@example.com not found.\n' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing option --password.');
  });
});
