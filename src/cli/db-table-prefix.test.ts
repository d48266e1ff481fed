import { expect, it } from 'vitest';
import { DatastoreError } from '../datastore/errors.js';
import { openDatastore } from '../datastore/open-datastore.js';
import { describeEachBackend, runCapturing } from './cli-harness.contract.js';

const PREFIX = { BARBICAN_TABLE_PREFIX: 'auth_' };

async function schemaOutdated(opening: Promise<{ close(): Promise<void> }>): Promise<string | null> {
  try {
    await (await opening).close();
    return null;
  } catch (error) {
    return error instanceof DatastoreError ? error.code : String(error);
  }
}

describeEachBackend('barbican with BARBICAN_TABLE_PREFIX', (backend) => {
  it('db migrate creates the prefixed tables an app opening with migrate: false and that tablePrefix uses', async () => {
    const result = await backend.run(['db', 'migrate'], PREFIX);

    expect(result).toEqual({ code: 0, stdout: 'Database is up to date.\n', stderr: '' });
    expect(
      await schemaOutdated(openDatastore(backend.url, { migrate: false, tablePrefix: 'auth_' })),
    ).toBeNull();
    // Nothing unprefixed was created: an app without the prefix still finds an empty schema.
    expect(await schemaOutdated(openDatastore(backend.url, { migrate: false }))).toBe('SCHEMA_OUTDATED');
  });

  it('commands read and write the prefixed tables', async () => {
    expect((await backend.run(['roles', 'create', 'editor'], PREFIX)).code).toBe(0);

    const prefixed = await openDatastore(backend.url, { migrate: false, tablePrefix: 'auth_' });
    try {
      expect((await prefixed.findRole('editor'))?.name).toBe('editor');
    } finally {
      await prefixed.close();
    }
    expect(await backend.run(['roles', 'create', 'editor'], PREFIX)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'barbican: A role named "editor" already exists.\n',
    });
  });

  it('refuses a prefix the datastore would refuse, naming BARBICAN_TABLE_PREFIX, and opens nothing', async () => {
    const result = await backend.run(['db', 'migrate'], { BARBICAN_TABLE_PREFIX: 'Auth-' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^barbican: BARBICAN_TABLE_PREFIX must be lower-case letters/);
    expect(await schemaOutdated(openDatastore(backend.url, { migrate: false }))).toBe('SCHEMA_OUTDATED');
  });
});

it('barbican --help lists BARBICAN_TABLE_PREFIX', async () => {
  const result = await runCapturing(['--help'], {});

  expect(result.stdout).toMatch(/BARBICAN_TABLE_PREFIX\s+prefix of Barbican's table names/);
});
