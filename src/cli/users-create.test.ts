import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../passwords/index.js';
import { describeEachBackend, runCapturing } from './cli-harness.contract.js';

const GOOD_PASSWORD = 'correct horse battery staple';

describeEachBackend('barbican users create', (backend) => {
  it('creates an active, confirmed user with a hashed password and prints one line', async () => {
    await backend.run(['roles', 'create', 'editor']);
    const result = await backend.run([
      'users',
      'create',
      ' Joe@Example.COM ',
      '--password',
      GOOD_PASSWORD,
      '--username',
      'joey',
      '--role',
      'editor',
    ]);

    expect(result).toEqual({ code: 0, stdout: 'User Joe@example.com created.\n', stderr: '' });
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'joe@example.com');
      expect(user).toMatchObject({ email: 'Joe@example.com', username: 'joey', active: true });
      expect(user?.confirmedAt).toBeInstanceOf(Date);
      expect(user?.password).toMatch(/^\$argon2id\$/);
      const verified = await createPasswordHasher().verify(GOOD_PASSWORD, user?.password ?? '');
      expect(verified.valid).toBe(true);
      expect((await store.getUserRoles(user!)).map((role) => role.name)).toEqual(['editor']);
    });
  });

  it('creates an inactive, unconfirmed user when asked', async () => {
    const result = await backend.run([
      'users',
      'create',
      'ann@example.com',
      '--password',
      GOOD_PASSWORD,
      '--inactive',
      '--unconfirmed',
    ]);

    expect(result.code).toBe(0);
    await backend.inspect(async (store) => {
      const user = await store.findUserByIdentity('email', 'ann@example.com');
      expect(user).toMatchObject({ active: false, confirmedAt: null, username: null });
    });
  });

  it('refuses a weak password, lists the problem and writes nothing', async () => {
    const result = await backend.run(['users', 'create', 'ann@example.com', '--password', 'short']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('barbican: Password refused: Password must be at least 8 characters.\n');
    await backend.inspect(async (store) => {
      expect(await store.findUserByIdentity('email', 'ann@example.com')).toBeNull();
    });
  });

  it('applies the SECURITY_PASSWORD_* policy from the environment', async () => {
    const env = { SECURITY_PASSWORD_LENGTH_MIN: '30', SECURITY_PASSWORD_COMPLEXITY_CHECKER: 'zxcvbn' };
    const result = await backend.run(
      ['users', 'create', 'ann@example.com', '--password', 'password123'],
      env,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Password must be at least 30 characters');
    expect(result.stderr.split('\n')).toHaveLength(2);
    await backend.inspect(async (store) => {
      expect(await store.findUserByIdentity('email', 'ann@example.com')).toBeNull();
    });
  });

  it('reports a bad password setting by name, needing no SECRET_KEY', async () => {
    const result = await backend.run(['users', 'create', 'ann@example.com', '--password', GOOD_PASSWORD], {
      SECURITY_PASSWORD_LENGTH_MIN: 'eight',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^barbican: option "passwordLengthMin" expects an integer/);
  });

  it('refuses an email that is already taken, whatever its case', async () => {
    await backend.run(['users', 'create', 'ann@example.com', '--password', GOOD_PASSWORD]);
    const result = await backend.run(['users', 'create', 'ANN@example.com', '--password', GOOD_PASSWORD]);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'barbican: A user with this email or username already exists.\n',
    });
  });

  it('refuses an unknown role and leaves no user behind', async () => {
    const result = await backend.run([
      'users',
      'create',
      'ann@example.com',
      '--password',
      GOOD_PASSWORD,
      '--role',
      'ghost',
    ]);

    expect(result).toMatchObject({ code: 1, stderr: 'barbican: No role named "ghost".\n' });
    await backend.inspect(async (store) => {
      expect(await store.findUserByIdentity('email', 'ann@example.com')).toBeNull();
    });
  });
});

describeEachBackend('barbican users create, bad command lines', (backend) => {
  it.each([
    [['not-an-email'], 'Invalid email address.'],
    [['a@b@example.com'], 'Invalid email address.'],
    [['ann @example.com'], 'Invalid email address.'],
    [[`${'a'.repeat(65)}@example.com`], 'Invalid email address.'],
    [['ann@example..com'], 'Invalid email address.'],
    [[`ann@${'a'.repeat(250)}.com`], 'Longer than 255 characters (maxIdentityLength).'],
    [['ann@example.com', '--username', 'ann@home'], 'Username can contain only letters and numbers.'],
    [
      ['ann@example.com', '--username', 'ann'],
      'Username must be at least 4 characters and less than 32 characters.',
    ],
  ])('exits 2 for %j and writes nothing', async (args, message) => {
    const result = await backend.run(['users', 'create', ...args, '--password', GOOD_PASSWORD]);

    expect(result).toEqual({ code: 2, stdout: '', stderr: `barbican: ${message}\n` });
    await backend.inspect(async (store) => {
      expect(await store.findUserByIdentity('email', 'ann@example.com')).toBeNull();
    });
  });

  it('exits 2 without --password', async () => {
    const result = await backend.run(['users', 'create', 'ann@example.com']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'barbican: Missing option --password. Run "barbican users create --help" for usage.\n',
    );
  });
});

describe('barbican users create, secrets', () => {
  it.each([
    [['--pasword=hunter2hunter2'], 'Unknown option --pasword.'],
    [['--pasword', 'hunter2hunter2'], 'Unknown option --pasword.'],
    [['hunter2hunter2', '--password', 'x'], 'Too many arguments: expected 1 (EMAIL), got 2.'],
  ])('never repeats a password from a mistyped command line %#', async (args, message) => {
    const result = await runCapturing(['users', 'create', 'ann@example.com', ...args], {
      DATABASE_URL: 'sqlite::memory:',
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`barbican: ${message} Run "barbican users create --help" for usage.\n`);
    expect(result.stderr).not.toContain('hunter2');
  });
});
