/**
 * Login CSRF with csrfIgnoreUnauthEndpoints: true. No token is asked of anonymous callers, so the
 * origin check is what stops a cross-site page from signing a victim's browser in as the attacker —
 * and a SameSite=Lax cookie never arrives cross-site, so it must apply with no cookie at all.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import { adapterHooks } from '../adapter.js';
import { startSession } from '../auth/session.js';
import { BadRequestError } from '../errors.js';
import { MESSAGES } from '../messages.js';
import { TEST_ORIGIN, type TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
const signIns: string[] = [];
beforeEach(async () => {
  t = await createDemoSecurity({
    config: {
      csrfIgnoreUnauthEndpoints: true,
      csrfTrustedOrigins: ['http://spa.app.test', 'https://spa.other.example'],
      registerable: true,
      sendRegisterEmail: false,
    },
  });
  signIns.length = 0;
  t.security.events.on('userAuthenticated', ({ user }) => {
    signIns.push(user.email);
  });
});
afterEach(async () => {
  await t.close();
});

const JSON_ACCEPT = { accept: 'application/json' };

describe('an anonymous cross-site POST to a Barbican endpoint is refused, cookie or not', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['an Origin of another site', { origin: 'http://evil.example' }],
    ['Origin: null (sandboxed frame, cross-origin redirect)', { origin: 'null' }],
    ['both, as Chromium sends them', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['a sibling origin on the same site', { origin: 'http://evil.app.test', 'sec-fetch-site': 'same-site' }],
  ])('login with %s: 400, not signed in, no session cookie', async (_name, headers) => {
    const client = t.client();
    const res = await client.post('/login', { form: JOE, headers: { ...JSON_ACCEPT, ...headers } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: [MESSAGES.CSRF_CROSS_ORIGIN] });
    expect(res.setCookies.filter((c) => c.startsWith('session='))).toEqual([]);
    expect(signIns).toEqual([]);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('register with Sec-Fetch-Site: cross-site: 400 and no account', async () => {
    const res = await t.client().post('/register', {
      form: { email: 'mallory@example.com', password: 'a long passphrase 1' },
      headers: { ...JSON_ACCEPT, 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: [MESSAGES.CSRF_CROSS_ORIGIN] });
    expect(await t.datastore.findUserByIdentity('email', 'mallory@example.com')).toBeNull();
  });
});

describe('callers that are not a cross-site browser still sign in without a token', () => {
  it.each([
    ['neither Origin nor Sec-Fetch-Site (curl, server-to-server)', {}],
    ['its own origin', { origin: TEST_ORIGIN, 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: same-origin alone', { 'sec-fetch-site': 'same-origin' }],
    [
      'a trusted origin (csrfTrustedOrigins)',
      { origin: 'http://spa.app.test', 'sec-fetch-site': 'same-site' },
    ],
    [
      'a trusted origin on another site (its Sec-Fetch-Site is cross-site by definition)',
      { origin: 'https://spa.other.example', 'sec-fetch-site': 'cross-site' },
    ],
    ['a typed URL or bookmark (none)', { 'sec-fetch-site': 'none' }],
  ])('login from %s', async (_name, headers) => {
    const client = t.client();
    const res = await client.post('/login', { form: JOE, headers: { ...JSON_ACCEPT, ...headers } });
    expect(res.status).toBe(200);
    expect(signIns).toEqual([JOE.email]);
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
  });
});

describe('no endpoint can write a session cookie on the answer to a cross-site write', () => {
  const stateFor = (method: string, headers: Record<string, string>) =>
    adapterHooks(t.security).createRequestState(new Request(`${TEST_ORIGIN}/anywhere`, { method, headers }));

  it('startSession refuses a cross-site POST with a 400-class error and writes nothing', async () => {
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    expect(user).not.toBeNull();
    const state = stateFor('POST', { 'sec-fetch-site': 'cross-site' });
    const started = startSession(state, user!, { remember: false, authenticatedAt: 0 });
    await expect(started).rejects.toBeInstanceOf(BadRequestError);
    await expect(started).rejects.toMatchObject({ code: 'CSRF_CROSS_ORIGIN', status: 400 });
    expect(state.setCookies).toEqual([]);
  });

  it('a cross-site GET (a mailed link opened from webmail) may still sign in', async () => {
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    const state = stateFor('GET', { 'sec-fetch-site': 'cross-site' });
    await startSession(state, user!, { remember: false, authenticatedAt: 0 });
    expect(state.setCookies.filter((c) => c.startsWith('session='))).toHaveLength(1);
  });
});
