/**
 * The WebAuthn pages as a browser sees them (issue 11 item 8): the sign-in form, the ceremony page
 * with its options and the two served scripts, the scripts themselves (content-hashed names,
 * immutable caching, JavaScript content type), and the form post of the browser's answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import { decodeEntities, hiddenValue } from '../../../test/fixtures/html-page.js';
import { SoftAuthenticator } from '../../../test/fixtures/soft-authenticator.js';
import { seedKey } from '../../../test/fixtures/webauthn-signin.js';
import { MESSAGES } from '../../messages.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity({ config: { webauthn: true } });
});
afterEach(async () => {
  await t.close();
});

function attribute(html: string, name: string): string {
  const match = new RegExp(`${name}="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${name} in page`);
  return decodeEntities(match[1]);
}

function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => decodeEntities(m[1] ?? ''));
}

describe('webauthn sign-in pages', () => {
  it('runs the ceremony from the page and signs in by a posted form', async () => {
    const authenticator = new SoftAuthenticator();
    const joe = await t.datastore.findUserByIdentity('email', JOE.email);
    await seedKey(t, joe!, authenticator, { name: 'Phone', usage: 'first' });
    const client = t.client();
    const form = await client.get('/wan-signin');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="wan_signin_form"');
    expect(form.text).toContain('id="identity"');

    const ceremony = await client.post('/wan-signin', {
      form: { csrf_token: hiddenValue(form.text, 'csrf_token') },
    });
    expect(ceremony.status).toBe(200);
    expect(attribute(ceremony.text, 'data-wan-ceremony')).toBe('get');
    const options = JSON.parse(attribute(ceremony.text, 'data-wan-options'));
    const action = attribute(ceremony.text, 'action');
    expect(action).toMatch(/^\/wan-signin\/[A-Za-z0-9_-]+$/);
    const [library, page] = scriptSources(ceremony.text);
    expect(library).toMatch(/^\/wan-assets\/simplewebauthn-browser-[A-Za-z0-9_-]{16}\.js$/);
    expect(page).toMatch(/^\/wan-assets\/barbican-webauthn-[A-Za-z0-9_-]{16}\.js$/);
    // No inline script: only the two served files.
    expect(ceremony.text.match(/<script/g)).toHaveLength(2);

    const answer = await client.post(action, {
      form: {
        csrf_token: hiddenValue(ceremony.text, 'csrf_token'),
        credential: authenticator.authenticate(options),
      },
    });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe('/');
    expect((await client.getJson('/api/session-only')).status).toBe(200);
  });

  it('a refused answer goes back to the sign-in page with the message', async () => {
    const client = t.client();
    const form = await client.get('/wan-signin');
    const ceremony = await client.post('/wan-signin', {
      form: { csrf_token: hiddenValue(form.text, 'csrf_token') },
    });
    const answer = await client.post(attribute(ceremony.text, 'action'), {
      form: { csrf_token: hiddenValue(ceremony.text, 'csrf_token'), credential: 'not json' },
    });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe('/wan-signin');
    const back = await client.get('/wan-signin');
    expect(back.text).toContain(MESSAGES.API_ERROR);
  });

  it('serves the browser library and the page script from the package, cacheable forever', async () => {
    const client = t.client();
    const form = await client.get('/wan-signin');
    const ceremony = await client.post('/wan-signin', {
      form: { csrf_token: hiddenValue(form.text, 'csrf_token') },
    });
    const [library, page] = scriptSources(ceremony.text);
    for (const [path, marker] of [
      [library, 'SimpleWebAuthnBrowser'],
      [page, 'startAuthentication'],
    ] as const) {
      const asset = await client.get(path ?? '');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.setCookies).toEqual([]);
      expect(asset.text).toContain(marker);
    }
    expect((await client.get('/wan-assets/simplewebauthn-browser-0000000000000000.js')).status).toBe(404);
    expect((await client.get('/wan-assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('the verify page starts a ceremony for the signed-in user', async () => {
    const authenticator = new SoftAuthenticator();
    const joe = await t.datastore.findUserByIdentity('email', JOE.email);
    const key = await seedKey(t, joe!, authenticator, { name: 'Phone', usage: 'first' });
    const client = t.client();
    const login = await client.get('/login');
    await client.post('/login', {
      form: { email: JOE.email, password: JOE.password, csrf_token: hiddenValue(login.text, 'csrf_token') },
    });
    const form = await client.get('/wan-verify');
    expect(form.text).toContain('name="wan_verify_form"');
    const ceremony = await client.post('/wan-verify', {
      form: { csrf_token: hiddenValue(form.text, 'csrf_token') },
    });
    const options = JSON.parse(attribute(ceremony.text, 'data-wan-options'));
    expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([key.credentialId]);
    const answer = await client.post(attribute(ceremony.text, 'action'), {
      form: {
        csrf_token: hiddenValue(ceremony.text, 'csrf_token'),
        credential: authenticator.authenticate(options),
      },
    });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe('/');
  });
});
