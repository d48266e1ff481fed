/** CSRF and request-size options. */
import { HOUR, opt } from '../option-spec.js';

export const HTTP_OPTIONS = {
  // CSRF (the token itself; the full protection modes come with the CSRF feature)
  csrfTimeLimit: opt<number | null>({
    kind: 'duration',
    default: HOUR,
    nullable: true,
    origin: 'flask',
    doc: 'Lifetime of a CSRF token (WTF_CSRF_TIME_LIMIT); null means the life of the session.',
  }),
  csrfHeaders: opt<readonly string[]>({
    kind: 'string-list',
    default: ['X-CSRF-Token', 'X-CSRFToken', 'X-XSRF-Token'],
    origin: 'flask',
    doc: 'Request headers a CSRF token is read from (WTF_CSRF_HEADERS plus SECURITY_CSRF_HEADER).',
  }),
  csrfProtectAll: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'barbican',
    doc: "CSRF-protect the app's own mutating routes too (Flask-WTF's CSRFProtect(app)); see csrfCheckDefault.",
  }),
  csrfCheckDefault: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask',
    doc: 'With csrfProtectAll: check every mutating request early (WTF_CSRF_CHECK_DEFAULT); false defers to the guards.',
  }),
  csrfProtectMechanisms: opt<readonly ('basic' | 'session' | 'token')[]>({
    kind: 'string-list',
    default: ['basic', 'session', 'token'],
    choices: ['basic', 'session', 'token'],
    origin: 'flask-security',
    doc: 'Authentication mechanisms whose requests need a CSRF token when guards decide (csrfCheckDefault false).',
  }),
  csrfCookieName: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'SPA mode: the name of a JavaScript-readable cookie carrying the CSRF token (e.g. "XSRF-TOKEN").',
  }),
  csrfCookie: opt<Readonly<Record<string, unknown>>>({
    kind: 'object',
    default: { samesite: 'Strict', httponly: false },
    origin: 'flask-security',
    doc: 'Attributes of the CSRF cookie: samesite, secure (default: sessionCookieSecure), httponly, path, domain.',
  }),
  csrfCookieRefreshEachRequest: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Send a fresh CSRF cookie with every response to a signed-in caller, so an idle SPA never holds an expired token.',
  }),
  logoutCsrf: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Require a CSRF token on /logout.',
  }),
  csrfOriginCheck: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'barbican',
    doc: 'Refuse cookie-authenticated mutating requests sent cross-site (Sec-Fetch-Site) or from an untrusted Origin.',
  }),
  csrfTrustedOrigins: opt<readonly string[]>({
    kind: 'string-list',
    default: [],
    origin: 'barbican',
    doc: "Origins besides externalUrl's that may send cookie-authenticated mutating requests (e.g. a SPA's).",
  }),
  csrfIgnoreUnauthEndpoints: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Unauthenticated callers may use login and similar endpoints without a CSRF token.',
  }),

  // Requests
  trustedProxies: opt<number>({
    kind: 'integer',
    default: 0,
    origin: 'barbican',
    doc: 'Reverse proxies in front of the app whose X-Forwarded-For entries are trusted for the client IP.',
  }),
  maxBodyBytes: opt<number>({
    kind: 'integer',
    default: 1024 * 1024,
    origin: 'barbican',
    doc: 'Largest request body Barbican reads; larger bodies get 413.',
  }),
  bodyReadTimeout: opt<number>({
    kind: 'duration',
    default: 30,
    origin: 'barbican',
    doc: 'Deadline for reading a request body; a body still incomplete then gets 408 and the connection closes.',
  }),
  maxIdentityLength: opt<number>({
    kind: 'integer',
    default: 255,
    origin: 'barbican',
    doc: 'Longest identity (email/username) accepted before any lookup.',
  }),
} as const;
