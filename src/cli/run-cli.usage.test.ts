import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachBackend, runCapturing } from './cli-harness.contract.js';

describe('barbican help', () => {
  it.each([[['--help']], [['-h']]])('%j prints the groups to stdout and exits 0', async (argv) => {
    const result = await runCapturing(argv, {});

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: barbican <group> <command>/);
    expect(result.stdout).toContain('users');
    expect(result.stdout).toContain('roles');
    expect(result.stdout).toContain('DATABASE_URL');
  });

  it.each([
    ['users', ['create', 'activate', 'deactivate', 'reset-access', 'delete', 'change-password']],
    ['roles', ['create', 'delete', 'add', 'remove', 'add-permissions', 'remove-permissions']],
    ['db', ['migrate']],
  ])('"%s --help" lists the group\'s commands', async (group, commands) => {
    const result = await runCapturing([group, '--help'], {});

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: barbican ${group} <command>`));
    for (const command of commands) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each([
    [['users', 'create', '-h'], 'Usage: barbican users create EMAIL --password PASSWORD [options]'],
    [
      ['users', 'change-password', '--help', 'x'],
      'Usage: barbican users change-password EMAIL --password PASSWORD',
    ],
    [
      ['roles', 'add-permissions', '--help'],
      'Usage: barbican roles add-permissions ROLE PERMISSIONS [options]',
    ],
    [['db', 'migrate', '--help'], 'Usage: barbican db migrate [options]'],
  ])('%j prints the command usage and opens no database', async (argv, usage) => {
    const result = await runCapturing(argv, { DATABASE_URL: 'unsupported:' });

    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(usage)).toBe(true);
    expect(result.stderr).toBe('');
  });
});

describe('barbican usage errors', () => {
  let dir = '';
  let env: Record<string, string> = {};
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'barbican-cli-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'app.db')}` };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the usage to stderr and exits 2 when no group or command is given', async () => {
    const none = await runCapturing([], env);
    const groupOnly = await runCapturing(['users'], env);

    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^Usage: barbican <group>/);
    expect(groupOnly).toMatchObject({ code: 2, stdout: '' });
    expect(groupOnly.stderr).toMatch(/^Usage: barbican users <command>/);
  });

  it.each([
    [['frobnicate'], 'Unknown command group frobnicate. Run "barbican --help" for usage.'],
    [['users', 'rename'], 'Unknown command users rename. Run "barbican users --help" for its commands.'],
    [['users', 'activate'], 'Missing argument EMAIL. Run "barbican users activate --help" for usage.'],
    [
      ['roles', 'add', 'ann@example.com'],
      'Missing argument ROLE. Run "barbican roles add --help" for usage.',
    ],
    [
      ['db', 'migrate', 'now'],
      'Too many arguments: expected no arguments, got 1. Run "barbican db migrate --help" for usage.',
    ],
    [
      ['users', 'delete', 'a@b.c', '--force'],
      'Unknown option --force. Run "barbican users delete --help" for usage.',
    ],
    [
      ['users', 'create', 'a@b.c', '--password', 'long enough', '--inactive=yes'],
      'Option --inactive takes no value. Run "barbican users create --help" for usage.',
    ],
  ])('%j exits 2 with one line on stderr and creates no database', async (argv, message) => {
    const result = await runCapturing(argv, env);

    expect(result).toEqual({ code: 2, stdout: '', stderr: `barbican: ${message}\n` });
    expect(existsSync(join(dir, 'app.db'))).toBe(false);
  });

  it('reports a database it cannot open in one line, hiding its password', async () => {
    const unsupported = await runCapturing(['db', 'migrate'], {
      DATABASE_URL: 'mysql://root:pw@localhost/app',
    });
    const unreachable = await runCapturing(['db', 'migrate'], {
      DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/app',
    });

    expect(unsupported.code).toBe(1);
    expect(unsupported.stderr).toMatch(
      /^barbican: Cannot open the database .*Unsupported database URL scheme mysql:/,
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^barbican: Cannot open the database postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/app: /,
    );
    expect(unreachable.stderr).not.toContain('s3cret');
    expect(unreachable.stderr.split('\n')).toHaveLength(2);
  });
});

describeEachBackend('barbican db migrate', (backend) => {
  it('creates the tables and can run again', async () => {
    const first = await backend.run(['db', 'migrate']);
    const second = await backend.run(['db', 'migrate']);

    expect(first).toEqual({ code: 0, stdout: 'Database is up to date.\n', stderr: '' });
    expect(second).toEqual(first);
    await backend.inspect(async (store) => {
      expect(await store.listRoles()).toEqual([]);
    });
  });
});

describeEachBackend('barbican db purge', (backend) => {
  it('deletes expired sessions and link tokens and reports the counts', async () => {
    await backend.run(['db', 'migrate']);
    await backend.inspect(async (store) => {
      const user = await store.createUser({ email: 'gone@example.com' });
      await store.createSession({
        idHash: 'expired-session',
        fsUniquifier: user.fsUniquifier,
        authenticatedAt: 1,
        csrfSecret: 'c',
        remember: false,
        createdAt: 1,
        expiresAt: 2,
        data: {},
      });
      await store.createLinkToken(
        {
          tokenHash: 'expired-link',
          purpose: 'reset',
          userId: user.id,
          data: {},
          createdAt: 1,
          expiresAt: 2,
        },
        { supersede: false },
      );
    });
    const result = await backend.run(['db', 'purge']);
    expect(result).toEqual({
      code: 0,
      stdout: 'Purged 1 sessions, 1 link tokens, 0 mails delivered over 7 days ago.\n',
      stderr: '',
    });
    await backend.inspect(async (store) => {
      expect(await store.findLinkToken('expired-link')).toBeNull();
    });
  });
});
