/** The path used for routing without a URL parse must be exactly what URL parsing would give. */
import { describe, expect, it } from 'vitest';
import { rawPathname, rawPathnameOfUrl } from './raw-path.js';

const TAKEN = [
  'http://app.test/login',
  'http://app.test/login?next=/x',
  'http://app.test/a/b/c',
  'http://app.test:8080/tf-validate/abc_DEF-123',
  'http://app.test/',
  'http://user@app.test/login',
];

const DEFERRED = [
  'http://app.test/x/../login',
  'http://app.test/x/%2e%2e/login',
  'http://app.test/x\\..\\login',
  'http://app.test/static/app.js',
  'http://app.test/login#frag',
  'http://app.test?q=/login',
  'http://app.test',
];

describe('rawPathname', () => {
  it.each(TAKEN)('takes the path as URL parsing gives it: %s', (url) => {
    expect(rawPathnameOfUrl(url)).toBe(new URL(url).pathname);
  });

  it.each(DEFERRED)('defers to URL parsing when parsing could change the path: %s', (url) => {
    expect(rawPathnameOfUrl(url)).toBeUndefined();
  });

  it('reads an origin-form target up to its query', () => {
    expect(rawPathname('/api/session-only?x=1')).toBe('/api/session-only');
    expect(rawPathname('/a/./b')).toBeUndefined();
  });
});
