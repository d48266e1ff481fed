import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatastore } from './open-datastore.js';

describe('openDatastore', () => {
  it('opens an in-memory SQLite database for sqlite::memory:', async () => {
    const store = await openDatastore('sqlite::memory:');
    const user = await store.createUser({ email: 'ann@example.com' });
    expect(await store.findUserById(user.id)).toEqual(user);
    await store.close();
  });

  it('opens a SQLite file for sqlite:<path>', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'barbican-open-'));
    try {
      const store = await openDatastore(`sqlite:${join(dir, 'app.db')}`);
      await store.createRole({ name: 'admin' });
      await store.close();
      const again = await openDatastore(`sqlite:${join(dir, 'app.db')}`);
      expect(await again.findRole('admin')).not.toBeNull();
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the scheme it does not support', async () => {
    await expect(openDatastore('mysql://root@localhost/app')).rejects.toThrow(/scheme mysql:/);
    await expect(openDatastore('app.db')).rejects.toThrow(/scheme \(none\)/);
  });

  it('refuses ambiguous or empty SQLite URLs', async () => {
    await expect(openDatastore('sqlite:///var/app.db')).rejects.toThrow(/ambiguous/);
    await expect(openDatastore('sqlite:')).rejects.toThrow(/names no file/);
  });
});
