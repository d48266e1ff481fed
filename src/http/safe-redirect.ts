/**
 * Open-redirect-safe `next=` handling: a target is allowed only when the URL a browser would resolve
 * it to (WHATWG URL) lands on the app's origin or a configured host, and only when its raw text has
 * none of the shapes that browsers, proxies or servers read differently (backslashes, stripped
 * controls, encoded slashes, userinfo, IDNA-mapped characters).
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
// Controls and spaces are stripped or trimmed by WHATWG (so the checked text would differ from the
// resolved one); non-ASCII is refused because IDNA/NFKC map e.g. U+3002 and U+FF0E to '.'.
const NOT_PRINTABLE_ASCII = /[^\x21-\x7e]/;
// Encoded '/', '\' and controls: servers and proxies that decode before routing reintroduce them.
const ENCODED_SEPARATOR = /%(?:2f|5c|[01][0-9a-f]|7f)/i;
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

function checkRawShape(next: string): RedirectRejection | null {
  if (next.length > MAX_NEXT_LENGTH) return 'too-long';
  if (NOT_PRINTABLE_ASCII.test(next)) return 'non-printable';
  // WHATWG reads '\' as '/' in http(s) URLs; Flask-Security 5.1.2 let `/\evil.com` through.
  if (next.includes('\\')) return 'backslash';
  if (ENCODED_SEPARATOR.test(next)) return 'encoded-separator';
  if (next.startsWith('//')) return 'protocol-relative';
  if (!HAS_SCHEME.test(next)) return null;
  const authority = ABSOLUTE_FORM.exec(next)?.[1];
  if (authority === undefined) return 'bad-absolute-form';
  if (authority.includes('@')) return 'userinfo';
  // WHATWG percent-decodes the host before IDNA, so `app%2Eexample%2Ecom` is app.example.com.
  if (authority.includes('%')) return 'encoded-authority';
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
    const shape = checkRawShape(next);
    if (shape !== null) return reject(shape);
    let url: URL;
    try {
      url = new URL(next, resolved.base);
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
