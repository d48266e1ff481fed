/**
 * Legitimate same-origin `next` values, as many as the attack shapes in safe-redirect.bypass.test.ts:
 * each is what a browser resolves to the app's own origin, and must come back as the Location a
 * browser would request (WHATWG's ASCII serialization), through the validator and through /login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import { createRedirectChecker, type RedirectPolicy } from './safe-redirect.js';

const APP: RedirectPolicy = { appOrigin: 'https://app.example.com' };

type Row = readonly [next: string, location: string];

const LEGITIMATE: readonly Row[] = [
  ['/path with space', '/path%20with%20space'],
  ['/path%20with%20space', '/path%20with%20space'],
  ['/path+with+plus', '/path+with+plus'],
  ['/caf%C3%A9', '/caf%C3%A9'],
  ['/café', '/caf%C3%A9'],
  ['/CAFÉ', '/CAF%C3%89'],
  ['/naïve/résumé', '/na%C3%AFve/r%C3%A9sum%C3%A9'],
  ['/日本語/ページ', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%9A%E3%83%BC%E3%82%B8'],
  ['/%E6%97%A5%E6%9C%AC', '/%E6%97%A5%E6%9C%AC'],
  ['/Привет', '/%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82'],
  ['/مرحبا', '/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7'],
  ['/emoji/🙂', '/emoji/%F0%9F%99%82'],
  ['/ß', '/%C3%9F'],
  ['/a;b', '/a;b'],
  ['/a;jsessionid=1', '/a;jsessionid=1'],
  ['/matrix;a=1;b=2/x', '/matrix;a=1;b=2/x'],
  ['/~joe', '/~joe'],
  ['/~joe/files', '/~joe/files'],
  ['/a~b~c', '/a~b~c'],
  ["/-_.!$&'()*+,=", "/-_.!$&'()*+,="],
  ['/a:b', '/a:b'],
  ['/users/@bob', '/users/@bob'],
  ['/docs/v1.2.3', '/docs/v1.2.3'],
  ['/file.tar.gz', '/file.tar.gz'],
  ['/.well-known/security.txt', '/.well-known/security.txt'],
  ['/a/./b', '/a/b'],
  ['/a/b/../c', '/a/c'],
  ['/a/%2e%2e/c', '/c'],
  ['/trailing/', '/trailing/'],
  ['/a//b', '/a//b'],
  ['/%41%42', '/%41%42'],
  ['/100%', '/100%'],
  ['/50%off', '/50%off'],
  ['/a%zz', '/a%zz'],
  ['/x%20y', '/x%20y'],
  ['/{id}', '/%7Bid%7D'],
  ['/[x]', '/[x]'],
  ['/a|b', '/a|b'],
  ['/a^b', '/a^b'],
  ['/`tick`', '/%60tick%60'],
  ['/"quoted"', '/%22quoted%22'],
  ['/<tag>', '/%3Ctag%3E'],
  ['/path?q=1', '/path?q=1'],
  ['/path?q=a b', '/path?q=a%20b'],
  ['/path?q=café', '/path?q=caf%C3%A9'],
  ['/path?q=%C3%A9', '/path?q=%C3%A9'],
  ['/path?q=a+b', '/path?q=a+b'],
  ['/path?q=a%2Fb', '/path?q=a%2Fb'],
  ['/path?redirect=/other', '/path?redirect=/other'],
  ['/path?a=1&b=2&c=', '/path?a=1&b=2&c='],
  ['/path?a=1;b=2', '/path?a=1;b=2'],
  ['/path?url=https://app.example.com/x', '/path?url=https://app.example.com/x'],
  ['/path?next=//evil.com', '/path?next=//evil.com'],
  ["/path?x='y'", '/path?x=%27y%27'],
  ['/path?x="y"', '/path?x=%22y%22'],
  ['/path?x=<y>', '/path?x=%3Cy%3E'],
  ['/path?x=~y', '/path?x=~y'],
  ['/path?', '/path'],
  ['/path?#', '/path'],
  ['/path#frag', '/path#frag'],
  ['/path#frag with space', '/path#frag%20with%20space'],
  ['/path#café', '/path#caf%C3%A9'],
  ['/path#/route/1', '/path#/route/1'],
  ['/path#a?b', '/path#a?b'],
  ['/path?q=1#frag', '/path?q=1#frag'],
  ['/#/spa/route', '/#/spa/route'],
  ['/?tab=2', '/?tab=2'],
  ['/#top', '/#top'],
  ['?tab=2', '/?tab=2'],
  ['#top', '/#top'],
  ['account', '/account'],
  ['account/settings', '/account/settings'],
  ['./account', '/account'],
  ['../account', '/account'],
  ['a;b', '/a;b'],
  ['~joe', '/~joe'],
  ['café', '/caf%C3%A9'],
  ['/account ', '/account'],
  [' /account', '/account'],
  ['  /account  ', '/account'],
  ['/account ', '/account'],
  ['/a b/c d?e f#g h', '/a%20b/c%20d?e%20f#g%20h'],
  ['https://app.example.com/café', '/caf%C3%A9'],
  ['https://app.example.com/path with space', '/path%20with%20space'],
  ['https://app.example.com/~joe;x=1', '/~joe;x=1'],
  ['https://app.example.com/?q=é', '/?q=%C3%A9'],
  ['https://app.example.com#frag', '/#frag'],
  ['https://app.example.com:443/a;b', '/a;b'],
  ['HTTPS://APP.EXAMPLE.COM/A~B', '/A~B'],
  ['https://app.example.com/%E6%97%A5', '/%E6%97%A5'],
  ['https://app.example.com/a?b=c#d', '/a?b=c#d'],
  ['/a/b/c/d/e/f/g/h/i/j', '/a/b/c/d/e/f/g/h/i/j'],
  ['/UPPER/Case', '/UPPER/Case'],
  ['/0', '/0'],
  ['/-', '/-'],
  ['/_', '/_'],
  ['/.', '/'],
  ['/..', '/'],
  ['/a..b', '/a..b'],
  ['/a.b./c', '/a.b./c'],
  ['/search?q=a%2Fb', '/search?q=a%2Fb'],
  ['/p#%2F%5C', '/p#%2F%5C'],
  ['/path?q=%0A', '/path?q=%0A'],
];

describe('the validator honours legitimate same-origin values', () => {
  const check = createRedirectChecker(APP);

  it.each(LEGITIMATE)('honours %j as %j', (next, location) => {
    expect(check(next)).toEqual({ location, rejected: null });
  });

  it('lists at least as many legitimate values as bypass shapes (95)', () => {
    expect(LEGITIMATE.length).toBeGreaterThanOrEqual(95);
  });

  it('sends back only ASCII', () => {
    for (const [, location] of LEGITIMATE) expect(location).toMatch(/^[\x21-\x7e]+$/);
  });
});

describe('/login signs the user in and redirects to each legitimate next', () => {
  let t: TestSecurity;
  beforeAll(async () => {
    t = await createDemoSecurity({ config: { externalUrl: APP.appOrigin } });
  });
  afterAll(async () => {
    await t.close();
  });

  const signInWith = async (next: string, where: 'query' | 'form') => {
    const client = t.client();
    const page = await client.getJson('/login');
    const csrf = String(page.body.csrf_token);
    const query = where === 'query' ? `?next=${encodeURIComponent(next)}` : '';
    const form = where === 'form' ? { ...JOE, csrf_token: csrf, next } : { ...JOE, csrf_token: csrf };
    const res = await client.post(`/login${query}`, { form });
    const me = await client.getJson('/api/session-only');
    return { status: res.status, location: res.location, user: me.json };
  };

  describe.each(['query', 'form'] as const)('next in the %s', (where) => {
    it.each(LEGITIMATE)('%j redirects to %j, signed in', async (next, location) => {
      expect(await signInWith(next, where)).toEqual({
        status: 302,
        location,
        user: { ok: true, user: JOE.email },
      });
    });
  });
});
