/** Password hashing, validation and freshness options. */
import { HOUR, opt } from '../option-spec.js';

export const PASSWORDS_OPTIONS = {
  // Passwords
  passwordHash: opt<'argon2'>({
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
  passwordComplexityChecker: opt<'zxcvbn' | null>({
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
  passwordCheckBreached: opt<'strict' | 'best-effort' | null>({
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
  passwordNormalizeForm: opt<'NFC' | 'NFD' | 'NFKC' | 'NFKD' | null>({
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
  passwordHashQueueLimit: opt<number>({
    kind: 'integer',
    default: 64,
    origin: 'barbican',
    doc: 'Hashes that may wait for a slot; beyond it logins and Basic requests get 503 and Retry-After at once.',
  }),
  passwordComplexityTimeout: opt<number>({
    kind: 'duration',
    default: 2,
    origin: 'barbican',
    doc: 'Time budget of one zxcvbn check, run in a worker thread; a password taking longer is refused.',
  }),
  passwordComplexityQueueLimit: opt<number>({
    kind: 'integer',
    default: 16,
    origin: 'barbican',
    doc: 'zxcvbn checks that may wait for the worker; beyond it the request gets 503 and Retry-After.',
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
} as const;
