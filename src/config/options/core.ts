/** Keys, URLs, identity and login options. */
import { opt } from '../option-spec.js';

export const CORE_OPTIONS = {
  // Keys and URLs
  secretKey: opt<string>({
    kind: 'string',
    default: '',
    origin: 'flask',
    doc: 'Secret that session cookies, tokens and CSRF tokens are signed with; required, at least 32 characters.',
  }),
  passwordSalt: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Only for verifying hashes migrated from Flask-Security 5.1 (bcrypt over HMAC-SHA512 with this salt).',
  }),
  externalUrl: opt<string>({
    kind: 'string',
    default: '',
    origin: 'barbican',
    doc: "The app's external base URL; every absolute URL Barbican builds comes from it, never from the Host header.",
  }),
  urlPrefix: opt<string>({
    kind: 'string',
    default: '',
    origin: 'flask-security',
    doc: 'Prefix for every built-in endpoint (e.g. "/auth").',
  }),
  loginUrl: opt<string>({
    kind: 'string',
    default: '/login',
    origin: 'flask-security',
    doc: 'Login endpoint.',
  }),
  logoutUrl: opt<string>({
    kind: 'string',
    default: '/logout',
    origin: 'flask-security',
    doc: 'Logout endpoint.',
  }),
  verifyUrl: opt<string>({
    kind: 'string',
    default: '/verify',
    origin: 'flask-security',
    doc: 'Re-authentication endpoint that refreshes freshness.',
  }),
  postLoginView: opt<string>({
    kind: 'string',
    default: '/',
    origin: 'flask-security',
    doc: 'Where a browser goes after login when no safe `next` is given.',
  }),
  postLogoutView: opt<string>({
    kind: 'string',
    default: '/',
    origin: 'flask-security',
    doc: 'Where a browser goes after logout when no safe `next` is given.',
  }),
  unauthorizedView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser lacking a role/permission is redirected; null answers 403.',
  }),
  logoutMethods: opt<readonly ('GET' | 'POST')[]>({
    kind: 'string-list',
    default: ['POST'],
    choices: ['GET', 'POST'],
    origin: 'flask-security',
    doc: 'HTTP methods /logout answers; GET is off by default (a GET must not change state).',
  }),

  // Identity and login
  userIdentityAttributes: opt<readonly ('email' | 'username')[]>({
    kind: 'string-list',
    default: ['email'],
    choices: ['email', 'username'],
    origin: 'flask-security',
    doc: 'Attributes a user can sign in with, in the order they are tried.',
  }),
  usernameEnable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Users have a username; adds it to the identity attributes.',
  }),
  returnGenericResponses: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Answer login failures identically (status, body, timing) whether or not the account exists.',
  }),
  confirmable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Users must confirm their email; unconfirmed users cannot sign in.',
  }),
  loginWithoutConfirmation: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'With confirmable, still allow unconfirmed users to sign in.',
  }),
  trackable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Record last/current login time and IP and the login count.',
  }),
  defaultRememberMe: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Login remembers the session when the client does not say.',
  }),
  apiEnabledMethods: opt<readonly ('session' | 'token' | 'basic')[]>({
    kind: 'string-list',
    default: ['session', 'token'],
    choices: ['session', 'token', 'basic'],
    origin: 'flask-security',
    doc: "Mechanisms accepted by Barbican's own endpoints that need an authenticated caller.",
  }),
} as const;
