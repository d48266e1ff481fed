/** Token, Basic, session cookie and redirect options. */
import { DAY, opt } from '../option-spec.js';

export const SESSIONS_OPTIONS = {
  // Tokens and Basic
  tokenAuthenticationHeader: opt<string>({
    kind: 'string',
    default: 'Authentication-Token',
    origin: 'flask-security',
    doc: 'Request header carrying an authentication token.',
  }),
  tokenAuthenticationKey: opt<string>({
    kind: 'string',
    default: 'auth_token',
    origin: 'flask-security',
    doc: 'Query parameter and JSON body key carrying an authentication token.',
  }),
  tokenMaxAge: opt<number | null>({
    kind: 'duration',
    default: DAY,
    nullable: true,
    origin: 'flask-security',
    doc: 'Token lifetime; null means tokens never expire (not recommended).',
  }),
  tokenExpireTimestamp: opt<((user: { readonly id: number }) => number) | null>({
    kind: 'function',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Called with the user when a token is issued; returns an expiry in epoch seconds, or 0 for tokenMaxAge.',
  }),
  defaultHttpAuthRealm: opt<string>({
    kind: 'string',
    default: 'Login Required',
    origin: 'flask-security',
    doc: 'Realm in the WWW-Authenticate header of Basic authentication challenges.',
  }),

  // Sessions and cookies
  sessionCookieName: opt<string>({
    kind: 'string',
    default: 'session',
    origin: 'flask',
    doc: 'Name of the session cookie.',
  }),
  sessionCookieSecure: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask',
    doc: 'Send the session cookie only over HTTPS; turn on in production.',
  }),
  sessionCookieSamesite: opt<'Lax' | 'Strict' | 'None'>({
    kind: 'string',
    default: 'Lax',
    choices: ['Lax', 'Strict', 'None'],
    origin: 'flask',
    doc: 'SameSite attribute of the session cookie.',
  }),
  sessionCookieDomain: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask',
    doc: 'Domain attribute of the session cookie; null scopes it to the exact host.',
  }),
  sessionCookiePath: opt<string>({
    kind: 'string',
    default: '/',
    origin: 'flask',
    doc: 'Path of the session cookie.',
  }),
  permanentSessionLifetime: opt<number>({
    kind: 'duration',
    default: 31 * DAY,
    origin: 'flask',
    doc: 'Absolute lifetime of a session that is not remembered.',
  }),
  rememberCookieDuration: opt<number>({
    kind: 'duration',
    default: 365 * DAY,
    origin: 'flask',
    doc: 'Lifetime of a remembered session (persistent cookie).',
  }),

  // Redirects
  redirectHost: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Another host[:port] that `next` may point to (e.g. a separately served SPA).',
  }),
  redirectAllowSubdomains: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Allow `next` to point at subdomains of redirectBaseDomain.',
  }),
  redirectBaseDomain: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Base domain for redirectAllowSubdomains.',
  }),
} as const;
