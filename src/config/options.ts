/**
 * Every option Barbican implements, with its default. Names are Flask-Security's keys in camelCase
 * (SECURITY_TOKEN_MAX_AGE → tokenMaxAge) so its documentation maps 1:1. Durations are seconds
 * (or strings such as "15m" / "24h" on input); a negative freshness disables the check, as upstream.
 */
import type { OptionSpec } from './option-spec.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function opt<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

export const OPTION_SPECS = {
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
  logoutMethods: opt<readonly string[]>({
    kind: 'string-list',
    default: ['POST'],
    choices: ['GET', 'POST'],
    origin: 'flask-security',
    doc: 'HTTP methods /logout answers; GET is off by default (a GET must not change state).',
  }),

  // Identity and login
  userIdentityAttributes: opt<readonly string[]>({
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
  apiEnabledMethods: opt<readonly string[]>({
    kind: 'string-list',
    default: ['session', 'token'],
    choices: ['session', 'token', 'basic'],
    origin: 'flask-security',
    doc: "Mechanisms accepted by Barbican's own endpoints that need an authenticated caller.",
  }),

  // Passwords
  passwordHash: opt<string>({
    kind: 'string',
    default: 'argon2',
    choices: ['argon2'],
    origin: 'flask-security',
    doc: 'Hash for new passwords (argon2id). bcrypt hashes still verify and are rehashed at login.',
  }),
  passwordLengthMin: opt<number>({
    kind: 'integer',
    default: 8,
    origin: 'flask-security',
    doc: 'Minimum password length in Unicode code points.',
  }),
  passwordLengthMax: opt<number>({
    kind: 'integer',
    default: 128,
    origin: 'barbican',
    doc: 'Maximum password length in code points; bounds hashing work per request.',
  }),
  passwordComplexityChecker: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    choices: ['zxcvbn'],
    origin: 'flask-security',
    doc: 'Set to "zxcvbn" to refuse passwords scoring below zxcvbnMinimumScore.',
  }),
  zxcvbnMinimumScore: opt<number>({
    kind: 'integer',
    default: 3,
    origin: 'flask-security',
    doc: 'Minimum zxcvbn score (0-4).',
  }),
  passwordCheckBreached: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    choices: ['strict', 'best-effort'],
    origin: 'flask-security',
    doc: 'Check passwords against the breached-passwords range API; strict refuses when it is unreachable.',
  }),
  passwordBreachedCount: opt<number>({
    kind: 'integer',
    default: 1,
    origin: 'flask-security',
    doc: 'A password seen this many times in breaches is refused.',
  }),
  passwordBreachedUrl: opt<string>({
    kind: 'string',
    default: 'https://api.pwnedpasswords.com/range/',
    origin: 'barbican',
    doc: 'Base URL of the k-anonymity range API (a local mirror in tests).',
  }),
  passwordNormalizeForm: opt<string | null>({
    kind: 'string',
    default: 'NFKD',
    nullable: true,
    choices: ['NFC', 'NFD', 'NFKC', 'NFKD'],
    origin: 'flask-security',
    doc: 'Unicode normalization applied before validation and hashing (NIST SP 800-63B); null disables.',
  }),
  passwordHashConcurrency: opt<number>({
    kind: 'integer',
    default: 2,
    origin: 'barbican',
    doc: 'Password hashes running at once; keeps the libuv thread pool free for fs, DNS and crypto.',
  }),

  // Freshness
  freshness: opt<number>({
    kind: 'duration',
    default: 24 * HOUR,
    origin: 'flask-security',
    doc: 'How recent the primary authentication must be for freshness-protected endpoints; negative disables.',
  }),
  freshnessGracePeriod: opt<number>({
    kind: 'duration',
    default: HOUR,
    origin: 'flask-security',
    doc: 'Extra time after a successful re-authentication during which freshness still holds.',
  }),
  freshnessAllowAuthToken: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: "Token-authenticated requests may satisfy freshness from the token's authentication time.",
  }),

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
  sessionCookieSamesite: opt<string>({
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
  csrfProtectMechanisms: opt<readonly string[]>({
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

  // Mail
  emailSender: opt<string>({
    kind: 'string',
    default: 'no-reply@localhost',
    origin: 'flask-security',
    doc: 'From address of every mail Barbican sends.',
  }),
  mailMaxAttempts: opt<number>({
    kind: 'integer',
    default: 20,
    origin: 'barbican',
    doc: 'Delivery attempts per queued mail (with exponential back-off) before it is parked for a day.',
  }),

  // Registration (registerable)
  registerable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /register.',
  }),
  registerUrl: opt<string>({
    kind: 'string',
    default: '/register',
    origin: 'flask-security',
    doc: 'Registration endpoint.',
  }),
  sendRegisterEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a welcome (with the confirmation link when confirmable) after registering.',
  }),
  postRegisterView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after registering; null means postLoginView.',
  }),
  passwordConfirmRequired: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Registration forms must repeat the password (password_confirm); JSON may omit it.',
  }),
  usernameRequired: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'With usernameEnable, registration requires a username.',
  }),
  usernameMinLength: opt<number>({
    kind: 'integer',
    default: 4,
    origin: 'flask-security',
    doc: 'Shortest username.',
  }),
  usernameMaxLength: opt<number>({
    kind: 'integer',
    default: 32,
    origin: 'flask-security',
    doc: 'Longest username.',
  }),
  usernameNormalizeForm: opt<string | null>({
    kind: 'string',
    default: 'NFKD',
    nullable: true,
    choices: ['NFC', 'NFD', 'NFKC', 'NFKD'],
    origin: 'flask-security',
    doc: 'Unicode normalization of usernames.',
  }),

  // Confirmation (confirmable)
  confirmUrl: opt<string>({
    kind: 'string',
    default: '/confirm',
    origin: 'flask-security',
    doc: 'Confirmation endpoint.',
  }),
  confirmEmailWithin: opt<number>({
    kind: 'duration',
    default: 2 * DAY,
    origin: 'flask-security',
    doc: 'How long a confirmation link works.',
  }),
  autoLoginAfterConfirm: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Following a confirmation link signs the user in.',
  }),
  postConfirmView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after confirming; null means postLoginView (signed in) or loginUrl.',
  }),
  confirmErrorView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after an invalid or expired confirmation link; null means confirmUrl.',
  }),

  // Password reset (recoverable)
  recoverable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /reset.',
  }),
  resetUrl: opt<string>({
    kind: 'string',
    default: '/reset',
    origin: 'flask-security',
    doc: 'Password reset endpoint.',
  }),
  resetPasswordWithin: opt<number>({
    kind: 'duration',
    default: DAY,
    origin: 'flask-security',
    doc: 'How long a reset link works.',
  }),
  sendPasswordResetEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail the reset link (off: the app sends it, from the resetPasswordInstructionsSent event).',
  }),
  sendPasswordResetNoticeEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a notice after a successful reset.',
  }),
  autoLoginAfterReset: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'A successful reset signs the user in.',
  }),
  postResetView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after resetting; null means loginUrl (or postLoginView when signed in).',
  }),

  // Change password (changeable)
  changeable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /change.',
  }),
  changeUrl: opt<string>({
    kind: 'string',
    default: '/change',
    origin: 'flask-security',
    doc: 'Change password endpoint.',
  }),
  sendPasswordChangeEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a notice after a password change.',
  }),
  postChangeView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after changing the password; null means postLoginView.',
  }),

  // Change email
  changeEmail: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /change-email.',
  }),
  changeEmailUrl: opt<string>({
    kind: 'string',
    default: '/change-email',
    origin: 'flask-security',
    doc: 'Change email endpoint; the link goes to <changeEmailUrl>/<token>.',
  }),
  changeEmailWithin: opt<number>({
    kind: 'duration',
    default: 2 * HOUR,
    origin: 'flask-security',
    doc: 'How long a change-email confirmation link works.',
  }),
  postChangeEmailView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after confirming a new email; null means postLoginView.',
  }),

  // Change username and username recovery
  changeUsername: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /change-username (needs usernameEnable).',
  }),
  changeUsernameUrl: opt<string>({
    kind: 'string',
    default: '/change-username',
    origin: 'flask-security',
    doc: 'Change username endpoint.',
  }),
  sendUsernameChangeEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a notice after a username change.',
  }),
  postChangeUsernameView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after changing the username; null means postLoginView.',
  }),
  usernameRecovery: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /recover-username (mails the username to the account address).',
  }),
  usernameRecoveryUrl: opt<string>({
    kind: 'string',
    default: '/recover-username',
    origin: 'flask-security',
    doc: 'Username recovery endpoint.',
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
  maxIdentityLength: opt<number>({
    kind: 'integer',
    default: 255,
    origin: 'barbican',
    doc: 'Longest identity (email/username) accepted before any lookup.',
  }),
} as const;

export type OptionName = keyof typeof OPTION_SPECS;

type SpecValue<S> = S extends OptionSpec<infer T> ? T : never;

/** The resolved, frozen configuration every part of Barbican reads. */
export type SecurityConfig = { readonly [K in OptionName]: SpecValue<(typeof OPTION_SPECS)[K]> };

/** What callers pass: any subset; durations may be strings such as "15m". */
export type SecurityConfigInput = {
  readonly [K in OptionName]?:
    | SpecValue<(typeof OPTION_SPECS)[K]>
    | ((typeof OPTION_SPECS)[K] extends OptionSpec<number> | OptionSpec<number | null> ? string : never);
};
