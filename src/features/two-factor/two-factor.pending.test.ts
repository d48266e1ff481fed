/** The second factor comes before the session: what a correct password alone gets (issue 9 item 2). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

function basic(email: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` };
}

async function validate(client: TestClient, code: string, query = '') {
  // /login hands every visitor a token (pending or not), so the validate answer is what is tested.
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(`/tf-validate${query}`, { json: { code, csrf_token: token } });
}

describeEachDatabase('two-factor pending sign-in', { config: TWO_FACTOR_CONFIG }, ({ it, open }) => {
  async function joeWithAuthenticator() {
    const clock = createFakeClock();
    const app = await open({ clock });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe!);
    return { app, clock, secret };
  }

  it('answers a correct password with tf_required, and no user, token or session even with ?include_auth_token', async () => {
    const { app } = await joeWithAuthenticator();
    const client = app.t.client();
    const login = await loginJson(client, JOE, '?include_auth_token');
    expect(login.status).toBe(200);
    expect(Object.keys(login.body).sort()).toEqual([
      'csrf_token',
      'tf_method',
      'tf_primary_method',
      'tf_required',
      'tf_state',
    ]);
    expect(login.body).toMatchObject({
      tf_required: true,
      tf_state: 'ready',
      tf_method: 'authenticator',
      tf_primary_method: 'authenticator',
    });
    for (const path of ['/api/session-or-token', '/api/session-only', '/api/fresh']) {
      expect((await client.getJson(path)).status).toBe(401);
    }
    expect((await client.getJson('/login')).body.user).toBeUndefined();
    expect((await client.getJson('/tf-setup')).status).toBe(401);
  });

  it('refuses HTTP Basic with the password of a two-factor user, and still accepts others', async () => {
    const { app } = await joeWithAuthenticator();
    const client = app.t.client();
    expect((await client.get('/api/basic', { headers: basic(JOE.email, JOE.password) })).status).toBe(401);
    await app.t.createUser('plain@example.com', 'plain password 12345');
    const plain = await client.get('/api/basic', {
      headers: basic('plain@example.com', 'plain password 12345'),
    });
    expect(plain.status).toBe(200);
  });

  it('sends a browser to the validate page with its next, then signs in with the code', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const client = app.t.client();
    await client.get('/login');
    const token = (await client.getJson('/login')).body.csrf_token as string;
    const form = await client.post('/login?next=%2Fapi%2Ffresh', {
      form: { email: JOE.email, password: JOE.password, csrf_token: token },
    });
    expect(form.status).toBe(302);
    expect(form.location).toBe('/tf-validate?next=%2Fapi%2Ffresh');
    const page = await client.get(form.location!);
    expect(page.text).toContain('name="two_factor_verify_code_form"');
    const done = await client.post('/tf-validate?next=%2Fapi%2Ffresh', {
      form: { code: totpCode(secret, clock.nowMs()), csrf_token: token },
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe('/api/fresh');
    expect((await client.getJson('/api/fresh')).json).toEqual({ ok: true, user: JOE.email });
  });

  it('starts the session only with a valid code, and offers the token with ?include_auth_token', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const client = app.t.client();
    await loginJson(client, JOE);
    const wrong = await validate(client, totpCode(secret, clock.nowMs(), 5));
    expect(wrong.status).toBe(400);
    expect(wrong.body.field_errors).toEqual({ code: ['Invalid code'] });
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    const ok = await validate(client, totpCode(secret, clock.nowMs()), '?include_auth_token');
    expect(ok.status).toBe(200);
    const token = (ok.body.user as { authentication_token: string }).authentication_token;
    expect(typeof token).toBe('string');
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    const viaToken = await app.t.client().getJson('/api/token', { 'Authentication-Token': token });
    expect(viaToken.json).toEqual({ ok: true, user: JOE.email });
  });

  it('signs in, tracks and emits userAuthenticated only once the second factor succeeds', async () => {
    const clock = createFakeClock();
    const app = await open({ clock, config: { trackable: true } });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe!);
    const seen: string[] = [];
    app.t.security.events.on('userAuthenticated', ({ method }) => {
      seen.push(`authenticated:${method}`);
    });
    app.t.security.events.on('tfCodeConfirmed', ({ method }) => {
      seen.push(`confirmed:${method}`);
    });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect(seen).toEqual([]);
    expect((await app.t.datastore.findUserById(joe!.id))?.loginCount).toBe(0);
    expect((await validate(client, totpCode(secret, clock.nowMs()))).status).toBe(200);
    expect(seen).toEqual(['authenticated:two-factor', 'confirmed:authenticator']);
    expect((await app.t.datastore.findUserById(joe!.id))?.loginCount).toBe(1);
  });

  it('refuses an unsafe next at /tf-validate', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const client = app.t.client();
    await loginJson(client, JOE);
    const evil = await validate(client, totpCode(secret, clock.nowMs()), '?next=%2F%5Cevil.example');
    expect(evil.status).toBe(400);
    expect(evil.body.field_errors).toEqual({ next: ['Redirections outside the domain are forbidden'] });
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('refuses a TOTP code already used, even by another browser in the same step', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const code = totpCode(secret, clock.nowMs());
    const first = app.t.client();
    await loginJson(first, JOE);
    expect((await validate(first, code)).status).toBe(200);
    const second = app.t.client();
    await loginJson(second, JOE);
    const replay = await validate(second, code);
    expect(replay.status).toBe(400);
    expect(replay.body.field_errors).toEqual({ code: ['Invalid code'] });
    clock.advanceSeconds(30);
    expect((await validate(second, totpCode(secret, clock.nowMs()))).status).toBe(200);
  });

  it('expires after twoFactorPendingLoginWithin', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const client = app.t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(300);
    const late = await validate(client, totpCode(secret, clock.nowMs()));
    expect(late.status).toBe(400);
    // Form-level errors use upstream's "" key, as everywhere in Barbican (5.1.2 says "null").
    expect(late.body.field_errors).toEqual({
      '': ['You currently do not have permissions to access this page'],
    });
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('throws the pending sign-in away after five wrong codes: the right one no longer works', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const client = app.t.client();
    await loginJson(client, JOE);
    const right = totpCode(secret, clock.nowMs());
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push((await validate(client, wrong)).body.field_errors);
    expect(answers.slice(0, 4)).toEqual(Array(4).fill({ code: ['Invalid code'] }));
    expect(answers[4]).toEqual({ code: ['Too many codes were tried. Please sign in again.'] });
    expect((await validate(client, right)).status).toBe(400);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('never completes with another user’s code', async () => {
    const { app, clock } = await joeWithAuthenticator();
    const ann = await app.t.createUser('ann@example.com', 'password of ann 123');
    const annSecret = await withAuthenticator(app.t, ann);
    const client = app.t.client();
    await loginJson(client, JOE);
    const crossed = await validate(client, totpCode(annSecret, clock.nowMs()));
    expect(crossed.status).toBe(400);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('is bound to the browser: a client without the cookie cannot complete it, and a used cookie is dead', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const victim = app.t.client();
    await loginJson(victim, JOE);
    const stolen = victim.cookies.get('session')!;
    const outsider = app.t.client();
    expect((await validate(outsider, totpCode(secret, clock.nowMs()))).status).toBe(400);
    expect((await outsider.getJson('/api/session-only')).status).toBe(401);

    expect((await validate(victim, totpCode(secret, clock.nowMs()))).status).toBe(200);
    clock.advanceSeconds(30);
    const thief = app.t.client();
    const page = await thief.getJson('/login');
    thief.cookies.set('session', stolen);
    const reused = await thief.post('/tf-validate', {
      json: { code: totpCode(secret, clock.nowMs()), csrf_token: page.body.csrf_token },
    });
    expect(reused.status).toBe(400);
    expect((await thief.getJson('/api/session-only')).status).toBe(401);
  });

  it('dies when the password changes (uniquifier rotation) and on logout', async () => {
    const { app, clock, secret } = await joeWithAuthenticator();
    const client = app.t.client();
    await loginJson(client, JOE);
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await app.t.datastore.resetUserAccess(joe!);
    expect((await validate(client, totpCode(secret, clock.nowMs()))).status).toBe(400);

    await loginJson(client, JOE);
    const token = (await client.getJson('/tf-validate')).body.csrf_token;
    expect((await client.post('/logout', { json: { csrf_token: token } })).status).toBe(200);
    clock.advanceSeconds(30);
    expect((await validate(client, totpCode(secret, clock.nowMs()))).status).toBe(400);
  });
});
