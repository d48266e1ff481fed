import { beforeEach, expect, it } from 'vitest';
import { openDatastore } from '../datastore/open-datastore.js';
import { createSessionFor, describeEachBackend } from './cli-harness.contract.js';

const PASSWORD = 'correct horse battery staple';

describeEachBackend('barbican roles create and delete', (backend) => {
  it('creates a role with a description and permissions', async () => {
    const result = await backend.run([
      'roles',
      'create',
      'editor',
      '--description',
      'Edits posts',
      '--permissions',
      'write, read,,read',
    ]);

    expect(result).toEqual({ code: 0, stdout: 'Role editor created.\n', stderr: '' });
    await backend.inspect(async (store) => {
      expect(await store.findRole('editor')).toMatchObject({
        description: 'Edits posts',
        permissions: ['read', 'write'],
      });
    });
  });

  it('refuses a duplicate role and an empty name', async () => {
    await backend.run(['roles', 'create', 'editor']);

    const duplicate = await backend.run(['roles', 'create', 'editor']);
    const empty = await backend.run(['roles', 'create', ' ']);

    expect(duplicate).toEqual({
      code: 1,
      stdout: '',
      stderr: 'barbican: A role named "editor" already exists.\n',
    });
    expect(empty).toEqual({ code: 2, stdout: '', stderr: 'barbican: A role name cannot be empty.\n' });
  });

  it('deletes a role, and exits 1 when there is none', async () => {
    await backend.run(['roles', 'create', 'editor']);

    const deleted = await backend.run(['roles', 'delete', 'editor']);
    const again = await backend.run(['roles', 'delete', 'editor']);

    expect(deleted).toMatchObject({ code: 0, stdout: 'Role editor deleted.\n' });
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'barbican: Role editor not found.\n' });
    await backend.inspect(async (store) => {
      expect(await store.findRole('editor')).toBeNull();
    });
  });
});

describeEachBackend('barbican roles add and remove', (backend) => {
  beforeEach(async () => {
    await backend.run(['roles', 'create', 'editor']);
    await backend.run(['users', 'create', 'ann@example.com', '--password', PASSWORD]);
  });

  async function roleNames(): Promise<string[]> {
    return backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      return (await store.getUserRoles(user!)).map((role) => role.name);
    });
  }

  it('gives a role, then says the user already has it', async () => {
    const first = await backend.run(['roles', 'add', 'ann@example.com', 'editor']);
    const second = await backend.run(['roles', 'add', 'ann@example.com', 'editor']);

    expect(first).toEqual({ code: 0, stdout: 'Role editor added to user ann@example.com.\n', stderr: '' });
    expect(second).toMatchObject({ code: 0, stdout: 'User ann@example.com already has role editor.\n' });
    expect(await roleNames()).toEqual(['editor']);
  });

  it('takes a role, then says the user did not have it', async () => {
    await backend.run(['roles', 'add', 'ann@example.com', 'editor']);

    const first = await backend.run(['roles', 'remove', 'ann@example.com', 'editor']);
    const second = await backend.run(['roles', 'remove', 'ann@example.com', 'editor']);

    expect(first).toMatchObject({ code: 0, stdout: 'Role editor removed from user ann@example.com.\n' });
    expect(second).toMatchObject({ code: 0, stdout: 'User ann@example.com did not have role editor.\n' });
    expect(await roleNames()).toEqual([]);
  });

  it.each([['add'], ['remove']])('roles %s exits 1 for an unknown user or role', async (command) => {
    const noUser = await backend.run(['roles', command, 'bob@example.com', 'editor']);
    const noRole = await backend.run(['roles', command, 'ann@example.com', 'ghost']);

    expect(noUser).toEqual({ code: 1, stdout: '', stderr: 'barbican: User bob@example.com not found.\n' });
    expect(noRole).toEqual({ code: 1, stdout: '', stderr: 'barbican: Role ghost not found.\n' });
  });

  it('a role given while the app holds a session applies to that session at once', async () => {
    // The app's own connection stays open throughout, as a running server's would.
    const app = await openDatastore(backend.url);
    try {
      const user = await app.findUserByIdentity('email', 'ann@example.com');
      await createSessionFor(app, user!.fsUniquifier, 'live-session');

      const result = await backend.run(['roles', 'add', 'ann@example.com', 'editor']);
      await backend.run(['roles', 'add-permissions', 'editor', 'publish']);

      expect(result.code).toBe(0);
      const live = await app.findSessionWithUser('live-session', Date.now());
      expect(live).not.toBeNull();
      const roles = await app.getUserRoles(live!.user);
      expect(roles.map((role) => [role.name, role.permissions])).toEqual([['editor', ['publish']]]);
    } finally {
      await app.close();
    }
  });
});

describeEachBackend('barbican roles add-permissions and remove-permissions', (backend) => {
  beforeEach(async () => {
    await backend.run(['roles', 'create', 'editor', '--permissions', 'read']);
  });

  it('adds and removes permissions, printing what the role now has', async () => {
    const added = await backend.run(['roles', 'add-permissions', 'editor', 'write,publish']);
    const removed = await backend.run(['roles', 'remove-permissions', 'editor', 'read, publish']);
    const emptied = await backend.run(['roles', 'remove-permissions', 'editor', 'write']);

    expect(added).toEqual({
      code: 0,
      stdout: 'Role editor now has permissions publish, read, write.\n',
      stderr: '',
    });
    expect(removed).toMatchObject({ code: 0, stdout: 'Role editor now has permissions write.\n' });
    expect(emptied).toMatchObject({ code: 0, stdout: 'Role editor now has no permissions.\n' });
    await backend.inspect(async (store) => {
      expect((await store.findRole('editor'))?.permissions).toEqual([]);
    });
  });

  it.each([['add-permissions'], ['remove-permissions']])(
    'roles %s exits 1 for an unknown role and 2 for an empty list',
    async (command) => {
      const noRole = await backend.run(['roles', command, 'ghost', 'read']);
      const noPermissions = await backend.run(['roles', command, 'editor', ' , ']);

      expect(noRole).toEqual({ code: 1, stdout: '', stderr: 'barbican: Role ghost not found.\n' });
      expect(noPermissions).toEqual({ code: 2, stdout: '', stderr: 'barbican: No permissions given.\n' });
      await backend.inspect(async (store) => {
        expect((await store.findRole('editor'))?.permissions).toEqual(['read']);
      });
    },
  );
});
