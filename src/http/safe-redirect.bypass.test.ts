/**
 * Known open-redirect shapes. Each row names the check expected to refuse it, so removing that
 * check changes the verdict (many rows would still be refused by a later layer, hence the reason).
 */
import { describe, expect, it } from 'vitest';
import {
  createRedirectChecker,
  type RedirectPolicy,
  type RedirectRejection,
  safeRedirectTarget,
} from './safe-redirect.js';

const APP: RedirectPolicy = { appOrigin: 'https://app.example.com' };
const SPA: RedirectPolicy = { ...APP, redirectHost: 'spa.example.com' };
const SUBDOMAINS: RedirectPolicy = { ...APP, allowSubdomains: true, baseDomain: 'example.com' };

type Row = readonly [next: string, reason: RedirectRejection];

const BYPASSES: readonly Row[] = [
  // Backslashes: WHATWG reads them as '/', Flask-Security 5.1.2 passed the first two through.
  ['/\\evil.com', 'backslash'],
  ['\\\\evil.com', 'backslash'],
  ['\\/evil.com', 'backslash'],
  ['/\\/evil.com', 'backslash'],
  ['https:\\\\evil.com', 'backslash'],
  ['https://evil.com\\@app.example.com', 'backslash'],
  ['/account\\settings', 'backslash'],
  // Protocol-relative, including the one that would land on our own host.
  ['//evil.com', 'protocol-relative'],
  ['///evil.com', 'protocol-relative'],
  ['////evil.com', 'protocol-relative'],
  ['//evil%E3%80%82com', 'protocol-relative'],
  ['//app.example.com/account', 'protocol-relative'],
  // A scheme must be followed by exactly two slashes and a host.
  ['http:/evil.com', 'bad-absolute-form'],
  ['http:evil.com', 'bad-absolute-form'],
  ['https:evil.com', 'bad-absolute-form'],
  ['https:/app.example.com/account', 'bad-absolute-form'],
  ['https:///evil.com', 'bad-absolute-form'],
  ['https:///app.example.com/account', 'bad-absolute-form'],
  ['javascript:alert(1)', 'bad-absolute-form'],
  ['JaVaScRiPt:alert(1)', 'bad-absolute-form'],
  ['data:text/html,<script>alert(1)</script>', 'bad-absolute-form'],
  ['vbscript:msgbox(1)', 'bad-absolute-form'],
  ['about:blank', 'bad-absolute-form'],
  ['file:///etc/passwd', 'bad-absolute-form'],
  ['blob:https://app.example.com/0b6f1c2e', 'bad-absolute-form'],
  // Well-formed absolute URLs whose scheme is not http(s).
  ['javascript://app.example.com/?alert(1)', 'not-http'],
  ['file://app.example.com/etc/passwd', 'not-http'],
  ['ftp://app.example.com/', 'not-http'],
  ['ws://app.example.com/', 'not-http'],
  // Controls and whitespace, which WHATWG strips or trims before resolving.
  [' //evil.com', 'protocol-relative'],
  ['  \\\\evil.com ', 'backslash'],
  ['\t//evil.com', 'non-printable'],
  ['java\tscript:alert(1)', 'non-printable'],
  ['/acc\tount', 'non-printable'],
  ['/foo\r\nLocation: https://evil.com', 'non-printable'],
  ['\u0000', 'non-printable'],
  ['/account\u0000', 'non-printable'],
  ['/account\u007f', 'non-printable'],
  ['/account\u0085', 'non-printable'],
  ['/account\u009b', 'non-printable'],
  // Look-alikes that IDNA or NFKC map to '.', '/', '\\', '@' or ':'.
  ['/\u3002evil.com', 'separator-lookalike'],
  ['\uff0f\uff0fevil.com', 'separator-lookalike'],
  ['/\uff3cevil.com', 'separator-lookalike'],
  ['/\ufe68evil.com', 'separator-lookalike'],
  ['/account\uff20evil.com', 'separator-lookalike'],
  ['https\uff1a//evil.com', 'separator-lookalike'],
  ['https://app\uff0eexample\uff0ecom/account', 'separator-lookalike'],
  ['https://evil\u3002com', 'separator-lookalike'],
  ['https://evil\uff61com', 'separator-lookalike'],
  // Non-ASCII hosts: IDNA maps them (and homographs pass for ours to a reader).
  ['https://\u0430pp.example.com/account', 'non-ascii-host'],
  ['https://b\u00fccher.example/', 'non-ascii-host'],
  ['https://app.example.com\u200b/account', 'non-ascii-host'],
  // Percent-encoded separators and controls, in any case.
  ['/%2F/evil.com', 'encoded-separator'],
  ['%2F%2Fevil.com', 'encoded-separator'],
  ['%2f%2fevil.com', 'encoded-separator'],
  ['/%5Cevil.com', 'encoded-separator'],
  ['/%5cevil.com', 'encoded-separator'],
  ['/%09/evil.com', 'encoded-separator'],
  ['/account%0d%0aSet-Cookie:x=1', 'encoded-separator'],
  ['/account%00', 'encoded-separator'],
  ['/account%7F', 'encoded-separator'],
  // Userinfo, even when the host after it is ours.
  ['https://app.example.com@evil.com', 'userinfo'],
  ['https://user@app.example.com/account', 'userinfo'],
  ['https://:secret@app.example.com/account', 'userinfo'],
  // Percent-escapes in the host, which WHATWG decodes before IDNA.
  ['https://evil%E3%80%82com/', 'encoded-authority'],
  ['https://app%2Eexample%2Ecom/account', 'encoded-authority'],
  // Hosts a browser cannot resolve.
  ['https://app.example.com:99999/', 'unparsable'],
  ['https://[::1/', 'unparsable'],
  // Parsed fine but another origin.
  ['https://evil.com', 'foreign-origin'],
  ['https://evil.com#@app.example.com', 'foreign-origin'],
  ['https://evil.com?@app.example.com', 'foreign-origin'],
  ['https://evil.com/app.example.com', 'foreign-origin'],
  ['https://app.example.com.evil.com', 'foreign-origin'],
  ['http://app.example.com/account', 'foreign-origin'],
  ['https://app.example.com:8443/account', 'foreign-origin'],
  ['https://[::1]/', 'foreign-origin'],
  ['http://0x7f000001/', 'foreign-origin'],
  ['https://a.example.com/', 'foreign-origin'],
  // Dot segments that leave a path starting with '//'.
  ['/.//evil.com', 'double-slash-path'],
  ['/%2e//evil.com', 'double-slash-path'],
  ['/a/..//evil.com', 'double-slash-path'],
  ['.//evil.com', 'double-slash-path'],
  ['https://app.example.com//evil.com', 'double-slash-path'],
  // Nothing, or too much.
  ['', 'absent'],
  ['   ', 'absent'],
  [`/${'a'.repeat(2048)}`, 'too-long'],
];

describe('safeRedirectTarget refuses known open-redirect shapes', () => {
  const check = createRedirectChecker(APP);

  it.each(BYPASSES)('refuses %j (%s)', (next, reason) => {
    expect(safeRedirectTarget(next, APP)).toBeNull();
    expect(check(next)).toEqual({ location: null, rejected: reason });
  });

  it('tests at least 40 shapes', () => {
    expect(BYPASSES.length).toBeGreaterThanOrEqual(40);
  });
});

describe('redirectHost and subdomain policies refuse look-alikes', () => {
  const ROWS: readonly (readonly [
    label: string,
    policy: RedirectPolicy,
    next: string,
    reason: RedirectRejection,
  ])[] = [
    ['redirectHost with a non-http scheme', SPA, 'ftp://spa.example.com/', 'not-http'],
    ['redirectHost as a prefix of another host', SPA, 'https://spa.example.com.evil.com/', 'foreign-origin'],
    ['redirectHost on another port', SPA, 'https://spa.example.com:8443/', 'foreign-origin'],
    ['redirectHost in the path only', SPA, 'https://evil.com/spa.example.com', 'foreign-origin'],
    ['redirectHost behind userinfo', SPA, 'https://spa.example.com@evil.com/', 'userinfo'],
    ['base domain without a dot boundary', SUBDOMAINS, 'https://evilexample.com/', 'foreign-origin'],
    [
      'base domain as a prefix of another host',
      SUBDOMAINS,
      'https://example.com.evil.com/',
      'foreign-origin',
    ],
    ['subdomain with a non-http scheme', SUBDOMAINS, 'ws://a.example.com/', 'not-http'],
    [
      'subdomain without allowSubdomains',
      { ...APP, allowSubdomains: false, baseDomain: 'example.com' },
      'https://a.example.com/',
      'foreign-origin',
    ],
  ];

  it.each(ROWS)('refuses %s', (_label, policy, next, reason) => {
    expect(safeRedirectTarget(next, policy)).toBeNull();
    expect(createRedirectChecker(policy)(next)).toEqual({ location: null, rejected: reason });
  });
});
