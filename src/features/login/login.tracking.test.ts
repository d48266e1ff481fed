import { createHmac } from 'node:crypto';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import { TestClient } from '../../testing/test-client.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

describe('trackable', () => {
  it('records login times, addresses and count when enabled', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({ clock, config: { trackable: true } });
    const from = (ip: string) =>
      new TestClient((r) =>
        t.security.handle(r, { clientIp: ip }).then((x) => x ?? new Response(null, { status: 404 })),
      );
    await loginJson(from('10.0.0.1'), JOE);
    clock.advanceSeconds(60);
    await loginJson(from('10.0.0.2'), JOE);
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    expect(user).toMatchObject({
      loginCount: 2,
      lastLoginIp: '10.0.0.1',
      currentLoginIp: '10.0.0.2',
    });
    expect(user?.currentLoginAt?.getTime()).toBe(clock.nowMs());
    expect(user?.lastLoginAt?.getTime()).toBe(clock.nowMs() - 60_000);
  });

  it('records nothing when disabled', async () => {
    t = await createDemoSecurity();
    await loginJson(t.client(), JOE);
    expect((await t.datastore.findUserByIdentity('email', JOE.email))?.loginCount).toBe(0);
  });
});

describe('events', () => {
  it('emits userAuthenticated, loginFailed and userLoggedOut', async () => {
    t = await createDemoSecurity();
    const seen: string[] = [];
    t.security.events.on('userAuthenticated', ({ user }) => void seen.push(`in:${user.email}`));
    t.security.events.on('loginFailed', ({ reason }) => void seen.push(`failed:${reason}`));
    t.security.events.on('userLoggedOut', ({ user }) => void seen.push(`out:${user.email}`));
    t.security.events.on('userUnauthenticated', ({ path }) => void seen.push(`unauthn:${path}`));
    const client = t.client();
    await loginJson(client, { email: JOE.email, password: 'wrong' });
    await loginJson(client, JOE);
    await client.post('/logout', { headers: { accept: 'application/json' } });
    await client.getJson('/api/session-only');
    expect(seen).toEqual([
      'failed:INVALID_PASSWORD',
      `in:${JOE.email}`,
      `out:${JOE.email}`,
      'unauthn:/api/session-only',
    ]);
  });

  it('a throwing listener does not break the login', async () => {
    const errors: unknown[] = [];
    t = await createDemoSecurity({ onError: (e) => errors.push(e) });
    t.security.events.on('userAuthenticated', () => {
      throw new Error('listener bug');
    });
    expect((await loginJson(t.client(), JOE)).status).toBe(200);
    expect(errors).toHaveLength(1);
  });
});

describe('transparent rehash at login', () => {
  it('replaces a bcrypt hash with argon2id after a correct password', async () => {
    t = await createDemoSecurity();
    const user = await t.datastore.createUser({
      email: 'old@example.com',
      password: await bcryptHash('legacy password 1', 4),
      confirmedAt: new Date(),
    });
    expect((await loginJson(t.client(), { email: user.email, password: 'legacy password 1' })).status).toBe(
      200,
    );
    const after = await t.datastore.findUserById(user.id);
    expect(after?.password).toMatch(/^\$argon2id\$/);
    expect((await loginJson(t.client(), { email: user.email, password: 'legacy password 1' })).status).toBe(
      200,
    );
  });

  it('verifies Flask-Security 5.1 hashes (bcrypt over HMAC-SHA512 with passwordSalt)', async () => {
    t = await createDemoSecurity({ config: { passwordSalt: 'fs-salt' } });
    const peppered = createHmac('sha512', 'fs-salt')
      .update('migrated password 1'.normalize('NFKD'))
      .digest('base64');
    const user = await t.datastore.createUser({
      email: 'fs@example.com',
      password: await bcryptHash(peppered, 4),
      confirmedAt: new Date(),
    });
    expect((await loginJson(t.client(), { email: user.email, password: 'migrated password 1' })).status).toBe(
      200,
    );
    expect((await t.datastore.findUserById(user.id))?.password).toMatch(/^\$argon2id\$/);
  });

  it('leaves the hash alone after a wrong password', async () => {
    t = await createDemoSecurity();
    const legacy = await bcryptHash('legacy password 1', 4);
    const user = await t.datastore.createUser({
      email: 'old@example.com',
      password: legacy,
      confirmedAt: new Date(),
    });
    await loginJson(t.client(), { email: user.email, password: 'wrong' });
    expect((await t.datastore.findUserById(user.id))?.password).toBe(legacy);
  });
});
