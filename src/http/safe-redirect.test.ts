import { describe, expect, it } from 'vitest';
import {
  createRedirectChecker,
  createRedirectValidator,
  type RedirectPolicy,
  safeRedirectTarget,
} from './safe-redirect.js';

const APP: RedirectPolicy = { appOrigin: 'https://app.example.com' };

describe('same-origin targets come back as canonical relative references', () => {
  const ROWS: readonly (readonly [next: string, location: string])[] = [
    ['/foo', '/foo'],
    ['/foo?x=1&y=2', '/foo?x=1&y=2'],
    ['/a/b#frag', '/a/b#frag'],
    ['/', '/'],
    ['https://app.example.com/account?tab=2#top', '/account?tab=2#top'],
    ['https://APP.EXAMPLE.COM/Account', '/Account'],
    ['HTTPS://app.example.com/x', '/x'],
    ['https://app.example.com:443/x', '/x'],
    ['https://app.example.com', '/'],
    ['/a/../b', '/b'],
    ['/users/@bob', '/users/@bob'],
    ['/caf%C3%A9', '/caf%C3%A9'],
    ['/<script>"', '/%3Cscript%3E%22'],
    ['account', '/account'],
    ['?tab=2', '/?tab=2'],
    ['#top', '/#top'],
  ];

  it.each(ROWS)('maps %j to %j', (next, location) => {
    expect(safeRedirectTarget(next, APP)).toBe(location);
  });

  it('accepts a value of exactly 2048 characters', () => {
    const next = `/${'a'.repeat(2047)}`;
    expect(safeRedirectTarget(next, APP)).toBe(next);
  });

  it('uses only the origin of an externalUrl that carries a path', () => {
    const policy = { appOrigin: 'http://localhost:5000/prefix/' };
    expect(safeRedirectTarget('http://localhost:5000/x', policy)).toBe('/x');
    expect(safeRedirectTarget('next', policy)).toBe('/next');
  });
});

describe('absent values', () => {
  it.each([null, undefined, ''])('returns null for %j', (next) => {
    expect(safeRedirectTarget(next, APP)).toBeNull();
  });

  it('reports a non-string value as absent', () => {
    expect(createRedirectChecker(APP)(['/a'])).toEqual({ location: null, rejected: 'absent' });
  });
});

describe('redirectHost', () => {
  const SPA: RedirectPolicy = { ...APP, redirectHost: 'spa.example.com' };

  it('allows that host over https, as an absolute URL, and never downgrades an https app to http', () => {
    expect(safeRedirectTarget('https://spa.example.com/home?x=1#a', SPA)).toBe(
      'https://spa.example.com/home?x=1#a',
    );
    expect(safeRedirectTarget('http://spa.example.com/', SPA)).toBeNull();
    const plain = { ...SPA, appOrigin: 'http://app.example.com' };
    expect(safeRedirectTarget('http://spa.example.com/', plain)).toBe('http://spa.example.com/');
  });

  it('matches hosts case-insensitively and returns the canonical form', () => {
    expect(safeRedirectTarget('https://SPA.Example.COM/Home', SPA)).toBe('https://spa.example.com/Home');
    const upper = { ...APP, redirectHost: 'SPA.EXAMPLE.COM' };
    expect(safeRedirectTarget('https://spa.example.com/', upper)).toBe('https://spa.example.com/');
  });

  it('honours an explicit port and only that port', () => {
    const dev = { appOrigin: 'http://localhost:5000', redirectHost: 'localhost:5173' };
    expect(safeRedirectTarget('http://localhost:5173/x', dev)).toBe('http://localhost:5173/x');
    expect(safeRedirectTarget('http://localhost:5174/x', dev)).toBeNull();
    expect(safeRedirectTarget('http://localhost/x', dev)).toBeNull();
  });

  it('is not allowed without the option', () => {
    expect(safeRedirectTarget('https://spa.example.com/', APP)).toBeNull();
  });
});

describe('subdomains of redirectBaseDomain', () => {
  const SUBDOMAINS: RedirectPolicy = { ...APP, allowSubdomains: true, baseDomain: 'Example.com' };

  it.each([
    ['https://a.example.com/x', 'https://a.example.com/x'],
    ['https://a.b.example.com:8443/', 'https://a.b.example.com:8443/'],
    ['https://EXAMPLE.com/', 'https://example.com/'],
  ])('allows %j with the flag', (next, location) => {
    expect(safeRedirectTarget(next, SUBDOMAINS)).toBe(location);
    expect(safeRedirectTarget(next, { ...SUBDOMAINS, allowSubdomains: false })).toBeNull();
  });

  it('refuses a plain-http subdomain for an https app', () => {
    expect(safeRedirectTarget('http://a.example.com/', SUBDOMAINS)).toBeNull();
  });
});

describe('createRedirectValidator', () => {
  it('gives the same answers as safeRedirectTarget', () => {
    const validate = createRedirectValidator(APP);
    for (const next of ['/foo', '//evil.com', 'https://app.example.com/a', '/\\evil.com', null]) {
      expect(validate(next)).toBe(safeRedirectTarget(next, APP));
    }
  });

  it('rejects an invalid policy at creation, naming the option', () => {
    expect(() => createRedirectValidator({ appOrigin: 'app.example.com' })).toThrow(/externalUrl/);
    expect(() => createRedirectValidator({ appOrigin: 'ftp://app.example.com' })).toThrow(/externalUrl/);
    expect(() => createRedirectValidator({ ...APP, redirectHost: 'spa.example.com/x' })).toThrow(
      /redirectHost/,
    );
    expect(() => createRedirectValidator({ ...APP, redirectHost: 'u@spa.example.com' })).toThrow(
      /redirectHost/,
    );
    expect(() => createRedirectValidator({ ...APP, redirectHost: 'spa.example.com:70000' })).toThrow(
      /redirectHost/,
    );
    expect(() => createRedirectValidator({ ...APP, allowSubdomains: true })).toThrow(/redirectBaseDomain/);
    expect(() =>
      createRedirectValidator({ ...APP, allowSubdomains: true, baseDomain: '.example.com' }),
    ).toThrow(/redirectBaseDomain/);
  });

  it('does not mutate the policy it is given', () => {
    const policy = Object.freeze({ ...APP, redirectHost: 'SPA.example.com' });
    createRedirectValidator(policy);
    expect(policy.redirectHost).toBe('SPA.example.com');
  });
});
