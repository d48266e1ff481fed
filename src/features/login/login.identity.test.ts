import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, loginJson } from '../../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

describe('signing in with the identity as registration stored it', () => {
  it('finds a user by a username typed in another Unicode form and by an IDN email domain', async () => {
    t = await createDemoSecurity({
      mailWorker: { autoStart: false },
      config: { registerable: true, usernameEnable: true },
    });
    const client = t.client();
    const page = await client.getJson('/register');
    const registered = await client.post('/register', {
      json: {
        email: 'Zoe@BÜCHER.example',
        username: 'Zoë',
        password: 'a fine new password 1',
        csrf_token: page.body.csrf_token,
      },
    });
    expect(registered.status).toBe(200);
    const stored = await t.datastore.findUserByIdentity('email', 'Zoe@xn--bcher-kva.example');
    expect(stored?.email).toBe('Zoe@xn--bcher-kva.example');

    // Composed ë (U+00EB) at registration; decomposed e + U+0308 at login, and the reverse.
    for (const identity of [
      'Zoe\u0308',
      'Zo\u00eb',
      'ZOË',
      'zoe@bücher.example',
      'ZOE@XN--BCHER-KVA.EXAMPLE',
    ]) {
      const res = await loginJson(t.client(), { email: identity, password: 'a fine new password 1' });
      expect(res.status, identity).toBe(200);
    }

    // Usernames are one account whatever their case: a second registration as ZOË is refused.
    const again = t.client();
    const form = await again.getJson('/register');
    const duplicate = await again.post('/register', {
      json: {
        email: 'other@example.com',
        username: 'ZOË',
        password: 'another fine password 2',
        csrf_token: form.body.csrf_token,
      },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.field_errors).toHaveProperty('username');
  });
});
