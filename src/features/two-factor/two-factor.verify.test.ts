/**
 * /verify for a two-factor user (issue 9 item 10): as upstream, it re-authenticates with the
 * password only and advertises no second-factor step (codes belong to /us-verify upstream).
 */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';

const CONFIG = { ...TWO_FACTOR_CONFIG, freshness: 600, freshnessGracePeriod: 0 };

describeEachDatabase('two-factor /verify', { config: CONFIG }, ({ it, open }) => {
  it('advertises what upstream does and makes a stale 2FA session fresh with the password', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe!);
    const client = app.t.client();
    await loginJson(client, JOE);
    const csrf = async () => (await client.getJson('/login')).body.csrf_token;
    const code = totpCode(secret, clock.nowMs());
    expect((await client.post('/tf-validate', { json: { code, csrf_token: await csrf() } })).status).toBe(
      200,
    );
    clock.advanceSeconds(601);
    expect((await client.getJson('/tf-setup')).status).toBe(401);

    const page = await client.getJson('/verify');
    expect(page.status).toBe(200);
    expect(Object.keys(page.body).sort()).toEqual(['csrf_token', 'has_webauthn_verify_credential', 'user']);
    expect(page.body.has_webauthn_verify_credential).toBe(false);

    const wrong = await client.post('/verify', { json: { password: 'not it', csrf_token: await csrf() } });
    expect(wrong.status).toBe(400);
    expect((await client.getJson('/tf-setup')).status).toBe(401);

    const ok = await client.post('/verify?include_auth_token', {
      json: { password: JOE.password, csrf_token: await csrf() },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.tf_required).toBeUndefined();
    expect(typeof (ok.body.user as { authentication_token?: unknown }).authentication_token).toBe('string');
    const setup = await client.getJson('/tf-setup');
    expect(setup.status).toBe(200);
    expect(setup.body.tf_primary_method).toBe('authenticator');
  });

  it('refuses /verify to a browser whose second factor is still pending', async () => {
    const app = await open({ clock: createFakeClock() });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await withAuthenticator(app.t, joe!);
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.tf_required).toBe(true);
    const csrf = (await client.getJson('/login')).body.csrf_token;
    const refused = await client.post('/verify', { json: { password: JOE.password, csrf_token: csrf } });
    expect(refused.status).toBe(401);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });
});
