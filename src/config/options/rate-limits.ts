/**
 * Rate limits on every endpoint that checks a secret or sends mail/SMS (docs/rate-limiting.md).
 * Defaults let a person mistype many times and a test suite sign in in parallel from one address,
 * while holding a guesser to a few tries per window.
 */
import { DAY, HOUR, MINUTE, opt } from '../option-spec.js';

export const RATE_LIMIT_OPTIONS = {
  rateLimitEnabled: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'barbican',
    doc: 'Rate-limit secret checks and mail/SMS sending (429 with Retry-After); false switches every rule off.',
  }),
  rateLimitIdentityIpAttempts: opt<number>({
    kind: 'integer',
    default: 10,
    origin: 'barbican',
    doc: 'Failed secret checks one client IP may make for one identity per rateLimitIdentityIpWindow; then 429, even with the right secret.',
  }),
  rateLimitIdentityIpWindow: opt<number>({
    kind: 'duration',
    default: 15 * MINUTE,
    origin: 'barbican',
    doc: 'Window of rateLimitIdentityIpAttempts.',
  }),
  rateLimitIpAttempts: opt<number>({
    kind: 'integer',
    default: 100,
    origin: 'barbican',
    doc: 'Failed secret checks one client IP may make across all identities per rateLimitIpWindow (credential stuffing).',
  }),
  rateLimitIpWindow: opt<number>({
    kind: 'duration',
    default: 15 * MINUTE,
    origin: 'barbican',
    doc: 'Window of rateLimitIpAttempts.',
  }),
  rateLimitIdentityFreeFailures: opt<number>({
    kind: 'integer',
    default: 5,
    origin: 'barbican',
    doc: 'Failures from any IPs one identity may take per rateLimitIdentityWindow before each further failure imposes a delay.',
  }),
  rateLimitIdentityDelay: opt<number>({
    kind: 'duration',
    default: 1,
    origin: 'barbican',
    doc: 'First delay after the free failures; it doubles with each further failure.',
  }),
  rateLimitIdentityDelayMax: opt<number>({
    kind: 'duration',
    default: 5 * MINUTE,
    origin: 'barbican',
    doc: 'Cap of the growing per-identity delay (never a permanent lockout).',
  }),
  rateLimitIdentityWindow: opt<number>({
    kind: 'duration',
    default: HOUR,
    origin: 'barbican',
    doc: 'Window in which per-identity failures (across IPs) are counted.',
  }),
  rateLimitKnownIpTtl: opt<number>({
    kind: 'duration',
    default: 30 * DAY,
    origin: 'barbican',
    doc: "How long an IP that signed in successfully for an identity is exempt from that identity's cross-IP delay.",
  }),
  rateLimitSendRecipient: opt<number>({
    kind: 'integer',
    default: 5,
    origin: 'barbican',
    doc: 'Mails or SMS one recipient may be sent per rateLimitSendWindow by the mail-sending endpoints.',
  }),
  rateLimitSendIp: opt<number>({
    kind: 'integer',
    default: 50,
    origin: 'barbican',
    doc: 'Mail/SMS-sending requests one client IP may make per rateLimitSendWindow.',
  }),
  rateLimitSendWindow: opt<number>({
    kind: 'duration',
    default: HOUR,
    origin: 'barbican',
    doc: 'Window of rateLimitSendRecipient and rateLimitSendIp.',
  }),
  rateLimitStore: opt<'memory' | 'redis' | null>({
    kind: 'string',
    default: null,
    nullable: true,
    choices: ['memory', 'redis'],
    origin: 'barbican',
    doc: 'Where counters live: null picks redis when redisUrl is set, else memory (one process, bounded).',
  }),
  rateLimitRedisPrefix: opt<string>({
    kind: 'string',
    default: 'barbican:rl:',
    origin: 'barbican',
    doc: 'Prefix of every rate-limit key in Redis.',
  }),
  rateLimitMemoryMaxKeys: opt<number>({
    kind: 'integer',
    default: 100_000,
    origin: 'barbican',
    doc: 'Most counters the in-memory store keeps; the oldest are evicted first.',
  }),
} as const;
