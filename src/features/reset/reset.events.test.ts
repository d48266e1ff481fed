import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import type { User } from '../../datastore/types.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

describe('recoverable events', () => {
  it('hands the token to apps that send their own mail, and reports the reset', async () => {
    t = await createDemoSecurity({
      mailer: { async send() {} },
      mailWorker: { autoStart: false },
      config: { recoverable: true, sendPasswordResetEmail: false },
    });
    const sentTo: string[] = [];
    let token = '';
    const reset: User[] = [];
    t.security.events.on('resetPasswordInstructionsSent', (event) => {
      sentTo.push(event.user.email);
      token = event.token;
    });
    t.security.events.on('passwordReset', (event) => {
      reset.push(event.user);
    });
    const before = await t.datastore.findUserByIdentity('email', JOE.email);

    const client = t.client();
    const page = await client.getJson('/reset');
    await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } });
    expect(sentTo).toEqual([JOE.email]);
    expect(await t.datastore.listMail(10)).toEqual([]);

    const form = await client.getJson(`/reset/${token}`);
    const res = await client.post(`/reset/${token}`, {
      json: {
        password: 'my own new secret 9',
        password_confirm: 'my own new secret 9',
        csrf_token: form.body.csrf_token,
      },
    });
    expect(res.status).toBe(200);
    expect(reset.map((u) => u.email)).toEqual([JOE.email]);
    expect(reset[0]?.fsUniquifier).not.toBe(before?.fsUniquifier);
    expect(reset[0]?.password).not.toBe(before?.password);
  });

  it('reports an automatic sign-in after a reset as method "reset"', async () => {
    t = await createDemoSecurity({
      mailer: { async send() {} },
      mailWorker: { autoStart: false },
      config: { recoverable: true, autoLoginAfterReset: true },
    });
    let token = '';
    const methods: string[] = [];
    t.security.events.on('resetPasswordInstructionsSent', (event) => {
      token = event.token;
    });
    t.security.events.on('userAuthenticated', (event) => {
      methods.push(event.method);
    });
    const client = t.client();
    const page = await client.getJson('/reset');
    await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } });
    const res = await client.post(`/reset/${token}`, {
      json: {
        password: 'my own new secret 9',
        password_confirm: 'my own new secret 9',
        csrf_token: page.body.csrf_token,
      },
    });
    expect(res.status).toBe(200);
    expect(methods).toEqual(['reset']);
  });
});
