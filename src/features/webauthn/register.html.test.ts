/** The default /wan-register page: list, start, the ceremony's form answer and delete, by forms. */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { decodeEntities, hiddenValue } from '../../../test/fixtures/html-page.js';
import { SoftAuthenticator, WEBAUTHN_CONFIG } from '../../../test/fixtures/webauthn.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function attribute(page: string, name: string): string {
  const match = new RegExp(`${name}="([^"]*)"`).exec(page);
  if (!match?.[1]) throw new Error(`no ${name} in page`);
  return decodeEntities(match[1]);
}

describe('the HTML /wan-register page', () => {
  it('registers a key through the ceremony page, lists it, and deletes it', async () => {
    t = await createDemoSecurity({ config: WEBAUTHN_CONFIG });
    const client = t.client();
    await loginJson(client, JOE);
    const empty = await client.get('/wan-register');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('name="wan_register_form"');
    expect(empty.text).toContain('No security keys or passkeys yet.');

    const started = await client.post('/wan-register', {
      form: { name: 'Laptop', usage: 'first', csrf_token: hiddenValue(empty.text, 'csrf_token') },
    });
    expect(started.status).toBe(200);
    expect(started.text).toContain('data-wan-ceremony="create"');
    const options = JSON.parse(
      attribute(started.text, 'data-wan-options'),
    ) as PublicKeyCredentialCreationOptionsJSON;
    const action = attribute(started.text, '<form id="wan-response" action');
    expect(action).toMatch(/^\/wan-register\/[A-Za-z0-9_-]{43}$/);

    const credential = new SoftAuthenticator().register(options);
    const done = await client.post(action, {
      form: { csrf_token: hiddenValue(started.text, 'csrf_token'), credential },
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe('/wan-register');
    const listed = await client.get('/wan-register');
    expect(listed.text).toContain('Successfully added WebAuthn credential with name: Laptop');
    expect(listed.text).toContain('<td>Laptop</td><td>first</td>');
    // Every id on the page is unique: the delete forms' hidden inputs once reused the name
    // field's id="name" (and the first form's id="csrf_token"), which breaks #name selectors.
    const ids = [...listed.text.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);

    const deleted = await client.post('/wan-delete', {
      form: { name: 'Laptop', csrf_token: hiddenValue(listed.text, 'csrf_token') },
    });
    expect(deleted.status).toBe(302);
    expect(deleted.location).toBe('/wan-register');
    const after = await client.get('/wan-register');
    expect(after.text).toContain('Successfully deleted WebAuthn credential with name: Laptop');
    expect(after.text).toContain('No security keys or passkeys yet.');
  });

  it('goes back to the page with the error when the answer is refused, and to wanPostRegisterView on success', async () => {
    t = await createDemoSecurity({
      config: { ...WEBAUTHN_CONFIG, wanPostRegisterView: '/api/session-only' },
    });
    const client = t.client();
    await loginJson(client, JOE);
    const page = await client.get('/wan-register');
    const csrf = hiddenValue(page.text, 'csrf_token');
    const first = await client.post('/wan-register', { form: { name: 'K', csrf_token: csrf } });
    const bad = await client.post(attribute(first.text, '<form id="wan-response" action'), {
      form: { csrf_token: csrf, credential: 'not json' },
    });
    expect(bad.status).toBe(302);
    expect(bad.location).toBe('/wan-register');
    expect((await client.get('/wan-register')).text).toContain('Input not appropriate for requested API');

    const second = await client.post('/wan-register', { form: { name: 'K', csrf_token: csrf } });
    const options = JSON.parse(
      attribute(second.text, 'data-wan-options'),
    ) as PublicKeyCredentialCreationOptionsJSON;
    const ok = await client.post(attribute(second.text, '<form id="wan-response" action'), {
      form: { csrf_token: csrf, credential: new SoftAuthenticator().register(options) },
    });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe('/api/session-only');
  });
});
