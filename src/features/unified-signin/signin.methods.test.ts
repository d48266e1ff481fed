/** /us-signin by every method: password, mailed code, texted code, authenticator, magic link. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { totpCode } from '../../../test/fixtures/two-factor.js';
import {
  mailedCode,
  textedCode,
  US_CONFIG,
  US_PHONE,
  userNamed,
  usPost,
  withUsAuthenticator,
  withUsCodeMethods,
} from '../../../test/fixtures/unified-signin.js';
import { linksIn } from '../../../test/services/smtp-sink.js';
import { createMemorySmsSender } from '../../sms/memory-sms-sender.js';
import { TestClient } from '../../testing/test-client.js';

async function signedIn(client: TestClient): Promise<unknown> {
  return (await client.getJson('/api/session-only')).json;
}

describeEachDatabase('unified sign-in methods', { config: US_CONFIG }, ({ it, open }) => {
  it('GET /us-signin answers the methods, code methods and identity attributes as upstream', async () => {
    const app = await open();
    const res = await app.t.client().getJson('/us-signin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      available_methods: ['password', 'email', 'authenticator', 'sms'],
      code_methods: ['email', 'sms'],
      csrf_token: expect.any(String),
      identity_attributes: ['email'],
    });
  });

  it('signs in with the password (any case of the address), with a token when asked', async () => {
    const app = await open();
    const client = app.t.client();
    const res = await usPost(client, '/us-signin?include_auth_token', {
      identity: JOE.email.toUpperCase().replace('@EXAMPLE.COM', '@example.com'),
      passcode: JOE.password,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ authentication_token: expect.any(String) });
    expect(await signedIn(client)).toEqual({ ok: true, user: JOE.email });
  });

  it('signs in with a mailed code, once; the mail carries the code first and a link from externalUrl', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { mail, code } = await mailedCode(app, client);
    expect(mail.text).toMatch(/http:\/\/app\.test\/us-verify-link\/[A-Za-z0-9_.-]+/);
    const events: string[] = [];
    app.t.security.events.on('userAuthenticated', ({ method }) => void events.push(method));
    expect((await usPost(client, '/us-signin', { identity: JOE.email, passcode: code })).status).toBe(200);
    expect(await signedIn(client)).toEqual({ ok: true, user: JOE.email });
    expect(events).toEqual(['us-email']);
    await usPost(client, '/logout', {});
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    const reused = await usPost(client, '/us-signin', { identity: JOE.email, passcode: code });
    expect(reused.status).toBe(400);
    expect(reused.body.field_errors).toEqual({ passcode: ['Password or code submitted is not valid'] });
  });

  it('signs in with a texted code sent to the number set up', async () => {
    const sms = createMemorySmsSender();
    const app = await open({ smsSender: sms });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const sent = await usPost(client, '/us-signin/send-code', { identity: JOE.email, chosen_method: 'sms' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ csrf_token: expect.any(String) });
    const res = await usPost(client, '/us-signin', { identity: US_PHONE, passcode: textedCode(sms) });
    expect(res.status).toBe(200);
    expect(await signedIn(client)).toEqual({ ok: true, user: JOE.email });
  });

  it('signs in with the unified-sign-in authenticator, and the same code is not taken twice', async () => {
    const app = await open();
    const secret = await withUsAuthenticator(app.t, await userNamed(app.t));
    const code = totpCode(secret, Date.now());
    const client = app.t.client();
    expect((await usPost(client, '/us-signin', { identity: JOE.email, passcode: code })).status).toBe(200);
    expect(await signedIn(client)).toEqual({ ok: true, user: JOE.email });
    const replay = await usPost(app.t.client(), '/us-signin', { identity: JOE.email, passcode: code });
    expect(replay.status).toBe(400);
    expect(replay.body.field_errors).toEqual({ passcode: ['Password or code submitted is not valid'] });
  });

  it('signs in through the magic link once; the link also voids the code of its mail', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { link, code } = await mailedCode(app, client);
    const opened = await client.get(link);
    expect(opened.status).toBe(302);
    expect(opened.location).toBe('/');
    expect(await signedIn(client)).toEqual({ ok: true, user: JOE.email });
    const other = app.t.client();
    const reused = await other.get(link);
    expect(reused.status).toBe(302);
    expect(reused.location).toBe('/us-signin');
    expect((await other.getJson('/api/session-only')).status).toBe(401);
    const byCode = await usPost(other, '/us-signin', { identity: JOE.email, passcode: code });
    expect(byCode.status).toBe(400);
  });

  it('builds the magic link from externalUrl whatever host the request named (5.1.2 uses Host)', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = new TestClient(app.t.fetch, 'http://evil.example');
    const { mail } = await mailedCode(app, client);
    expect(linksIn(mail)).toEqual([expect.stringMatching(/^http:\/\/app\.test\/us-verify-link\//)]);
  });

  it('lets exactly one of two sign-ins racing with the same code through', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { code } = await mailedCode(app, client);
    const csrf_token = (await client.getJson('/us-signin')).body.csrf_token;
    const body = { json: { identity: JOE.email, passcode: code, csrf_token } };
    const statuses = await Promise.all([client.post('/us-signin', body), client.post('/us-signin', body)]);
    expect(statuses.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('refuses as upstream: only the errors (no GET payload), on the field at fault', async () => {
    const app = await open();
    const client = app.t.client();
    const wrong = await usPost(client, '/us-signin', { identity: JOE.email, passcode: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      csrf_token: expect.any(String),
      errors: ['Password or code submitted is not valid'],
      field_errors: { passcode: ['Password or code submitted is not valid'] },
    });
    const unknown = await usPost(client, '/us-signin/send-code', {
      identity: 'ghost@example.com',
      chosen_method: 'email',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      csrf_token: expect.any(String),
      errors: ['You must specify a valid identity to sign in'],
      field_errors: { identity: ['You must specify a valid identity to sign in'] },
    });
  });
});
