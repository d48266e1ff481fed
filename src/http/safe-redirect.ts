/**
 * Open-redirect-safe `next=` handling: a target is allowed only when the URL a browser would resolve
 * it to (WHATWG URL) lands on the app's origin or a configured host, and only when its raw text has
 * none of the shapes that browsers, proxies or servers read differently (backslashes, stripped
 * controls, encoded slashes, userinfo, IDNA-mapped characters).
 *
 * Everything else a browser resolves to the app is honoured — spaces, raw or percent-encoded UTF-8,
 * `;`, `~`, queries, fragments — because the Location sent back is WHATWG's own serialization:
 * pure ASCII, percent-encoded, so no later reader can find a host in it that the check did not.
 */

export interface RedirectPolicy {
  /** The app's external origin, e.g. 'https://app.example.com' (from config externalUrl). */
  readonly appOrigin: string;
  /** Flask-Security REDIRECT_HOST: an extra allowed host[:port] (e.g. a SPA on another host). */
  readonly redirectHost?: string | null;
  /** REDIRECT_ALLOW_SUBDOMAINS with REDIRECT_BASE_DOMAIN: allow subdomains of the base domain. */
  readonly allowSubdomains?: boolean;
  readonly baseDomain?: string | null;
}

/** Why a `next` value was refused; for logs and tests, never shown to the client. */
export type RedirectRejection =
  | 'absent'
  | 'too-long'
  | 'non-printable'
  | 'separator-lookalike'
  | 'non-ascii-host'
  | 'backslash'
  | 'encoded-separator'
  | 'protocol-relative'
  | 'bad-absolute-form'
  | 'userinfo'
  | 'encoded-authority'
  | 'unparsable'
  | 'not-http'
  | 'foreign-origin'
  | 'double-slash-path';

export type RedirectVerdict =
  | { readonly location: string; readonly rejected: null }
  | { readonly location: null; readonly rejected: RedirectRejection };

/** Longer values are refused before any parsing; real post-login targets are far shorter. */
const MAX_NEXT_LENGTH = 2048;
// WHATWG strips tabs and newlines anywhere and trims C0 controls at the ends, so a value holding
// them is not the text that gets resolved; no real path holds them (nor DEL or C1 controls).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
// WHATWG trims leading and trailing spaces before parsing; the check must see what it parses.
const EDGE_SPACES = /^ +| +$/g;
const NON_ASCII = /[^\p{ASCII}]/u;
// IDNA (UTS #46) maps these to '.' although NFKC keeps U+3002 and U+FF61 as they are.
const IDNA_DOTS: ReadonlySet<string> = new Set(['\u3002', '\uff0e', '\uff61']);
// ASCII characters that delimit a URL's parts: a character that folds to one of them is a disguise.
const URL_DELIMITER = /[/\\.:@?#%]/;
// Encoded '/', '\' and controls before the query: servers and proxies that decode the path before
// routing reintroduce them. In the query or fragment (`?from=%2Fa`) they are data, and harmless.
const ENCODED_SEPARATOR_IN_PATH = /^[^?#]*%(?:2f|5c|[01][0-9a-f]|7f)/i;
// WHATWG scheme state: an ASCII alpha, then alphanumerics, '+', '-' or '.', then ':'.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// The only absolute form accepted: exactly two slashes, then a non-empty authority.
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i;
const HOST_AND_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;
const BARE_HOST = /^[a-z0-9.-]+$/i;

interface ResolvedPolicy {
  readonly origin: string;
  readonly base: string;
  readonly redirectHost: { readonly hostname: string; readonly port: number | null } | null;
  readonly baseDomain: string | null;
  /** An https app never sends its users on to plain http (a downgrade an eavesdropper can read). */
  readonly httpsOnly: boolean;
}

function canonicalHostname(host: string, option: string): string {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    throw new TypeError(`${option} is not a valid host: ${JSON.stringify(host)}`);
  }
}

function resolvePolicy(policy: RedirectPolicy): ResolvedPolicy {
  let app: URL;
  try {
    app = new URL(policy.appOrigin);
  } catch {
    throw new TypeError(
      `externalUrl must be an absolute http(s) URL, got ${JSON.stringify(policy.appOrigin)}`,
    );
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') {
    throw new TypeError(`externalUrl must be an http(s) URL, got ${JSON.stringify(policy.appOrigin)}`);
  }
  let redirectHost: ResolvedPolicy['redirectHost'] = null;
  if (policy.redirectHost) {
    const match = HOST_AND_PORT.exec(policy.redirectHost);
    const port = match?.[2] === undefined ? null : Number(match[2]);
    if (!match?.[1] || (port !== null && port > 65535)) {
      throw new TypeError(`redirectHost must be host[:port], got ${JSON.stringify(policy.redirectHost)}`);
    }
    redirectHost = { hostname: canonicalHostname(match[1], 'redirectHost'), port };
  }
  let baseDomain: string | null = null;
  if (policy.allowSubdomains) {
    if (!policy.baseDomain || !BARE_HOST.test(policy.baseDomain) || policy.baseDomain.startsWith('.')) {
      throw new TypeError(
        'redirectAllowSubdomains needs redirectBaseDomain set to a domain such as example.com',
      );
    }
    baseDomain = canonicalHostname(policy.baseDomain, 'redirectBaseDomain');
  }
  return {
    origin: app.origin,
    base: `${app.origin}/`,
    redirectHost,
    baseDomain,
    httpsOnly: app.protocol === 'https:',
  };
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

function isAllowedOtherHost(url: URL, policy: ResolvedPolicy): boolean {
  const { redirectHost, baseDomain } = policy;
  if (policy.httpsOnly && url.protocol !== 'https:') return false;
  if (redirectHost && url.hostname === redirectHost.hostname) {
    // A configured host without a port means the default port of whichever scheme the target uses.
    const port = url.port === '' ? defaultPort(url.protocol) : Number(url.port);
    if (port === (redirectHost.port ?? defaultPort(url.protocol))) return true;
  }
  if (baseDomain === null) return false;
  // Dot boundary: evilexample.com is not a subdomain of example.com.
  return url.hostname === baseDomain || url.hostname.endsWith(`.${baseDomain}`);
}

function reject(rejected: RedirectRejection): RedirectVerdict {
  return { location: null, rejected };
}

/**
 * Fullwidth and ideographic forms of '/', '\', '.', ':', '@'… (U+FF0F, U+3002): harmless once WHATWG
 * percent-encodes them in a path, but an NFKC- or IDNA-normalizing reader turns them back into
 * delimiters, and no legitimate link of the app is spelled with them.
 */
function hasDelimiterLookalike(next: string): boolean {
  if (!NON_ASCII.test(next)) return false;
  for (const char of next) {
    if (char.charCodeAt(0) < 0x80) continue;
    if (IDNA_DOTS.has(char) || URL_DELIMITER.test(char.normalize('NFKC'))) return true;
  }
  return false;
}

function checkRawShape(next: string): RedirectRejection | null {
  if (CONTROL.test(next)) return 'non-printable';
  if (hasDelimiterLookalike(next)) return 'separator-lookalike';
  // WHATWG reads '\' as '/' in http(s) URLs; Flask-Security 5.1.2 let `/\evil.com` through.
  if (next.includes('\\')) return 'backslash';
  if (ENCODED_SEPARATOR_IN_PATH.test(next)) return 'encoded-separator';
  if (next.startsWith('//')) return 'protocol-relative';
  if (!HAS_SCHEME.test(next)) return null;
  const authority = ABSOLUTE_FORM.exec(next)?.[1];
  if (authority === undefined) return 'bad-absolute-form';
  if (authority.includes('@')) return 'userinfo';
  // WHATWG percent-decodes the host before IDNA, so `app%2Eexample%2Ecom` is app.example.com.
  if (authority.includes('%')) return 'encoded-authority';
  // IDNA maps many non-ASCII hosts onto ASCII ones (and homographs onto look-alikes): hosts are
  // compared as ASCII, so a configured host must be written in its ASCII (punycode) form.
  if (NON_ASCII.test(authority)) return 'non-ascii-host';
  return null;
}

/**
 * Like {@link createRedirectValidator} but says why a value was refused.
 *
 * @example
 * const check = createRedirectChecker({ appOrigin: 'https://app.example.com' });
 * check('/\\evil.com'); // { location: null, rejected: 'backslash' }
 */
export function createRedirectChecker(policy: RedirectPolicy): (next: unknown) => RedirectVerdict {
  const resolved = resolvePolicy(policy);
  return function checkRedirect(next: unknown): RedirectVerdict {
    if (typeof next !== 'string' || next === '') return reject('absent');
    if (next.length > MAX_NEXT_LENGTH) return reject('too-long');
    const trimmed = next.replace(EDGE_SPACES, '');
    if (trimmed === '') return reject('absent');
    const shape = checkRawShape(trimmed);
    if (shape !== null) return reject(shape);
    let url: URL;
    try {
      url = new URL(trimmed, resolved.base);
    } catch {
      return reject('unparsable');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject('not-http');
    if (url.origin !== resolved.origin) {
      return isAllowedOtherHost(url, resolved)
        ? { location: url.href, rejected: null }
        : reject('foreign-origin');
    }
    // Dot segments can leave a path such as `//evil.com`, which a Location header reads as a host.
    if (url.pathname.startsWith('//')) return reject('double-slash-path');
    return { location: `${url.pathname}${url.search}${url.hash}`, rejected: null };
  };
}

/**
 * Resolves the policy once (parse origins, lower-case hosts) for the hot path. Throws a TypeError
 * naming the option when the policy itself is invalid.
 *
 * @example
 * const validate = createRedirectValidator({ appOrigin: 'https://app.example.com', redirectHost: 'spa.example.com' });
 * validate('/account?tab=2'); // '/account?tab=2'
 * validate('https://spa.example.com/home'); // 'https://spa.example.com/home'
 * validate('/\\evil.com'); // null
 */
export function createRedirectValidator(
  policy: RedirectPolicy,
): (next: string | null | undefined) => string | null {
  const check = createRedirectChecker(policy);
  return function validateRedirect(next: string | null | undefined): string | null {
    return check(next).location;
  };
}

/**
 * Returns the value to put in a Location header, or null when `next` is unsafe or absent.
 * Same-origin targets come back relative (path, query, fragment), other allowed hosts absolute.
 *
 * @example
 * safeRedirectTarget('https://app.example.com/a?b=1', { appOrigin: 'https://app.example.com' }); // '/a?b=1'
 * safeRedirectTarget('//evil.com', { appOrigin: 'https://app.example.com' }); // null
 */
export function safeRedirectTarget(next: string | null | undefined, policy: RedirectPolicy): string | null {
  return createRedirectValidator(policy)(next);
}
