/**
 * The rules of docs/rate-limiting.md over one counter store. Secret checks are admitted or refused
 * before the secret is compared (so a refusal says nothing about it) and report the outcome after:
 * only failures count, each with one atomic increment, so N failures at once count exactly N and
 * any number of correct sign-ins may run in parallel from one address.
 */
import type { SecurityConfig } from '../config/options.js';
import type { CounterStore } from './counter-store.js';
import { ipKey, subjectKey } from './rate-limit-keys.js';
import type { RateLimitRule } from './rate-limited-error.js';

export interface Refusal {
  readonly rule: RateLimitRule;
  readonly retryAfterSeconds: number;
}

/** What an admitted attempt must be told once the secret has been compared. */
export interface AttemptOutcome {
  /** The secret was right: the pair starts over and the address becomes known for the identity. */
  succeeded(): Promise<void>;
  /** The secret was wrong (or the identity unknown): counts towards every rule. */
  failed(): Promise<void>;
  /** No secret was compared (bad input): nothing counts. */
  cancelled(): Promise<void>;
}

export type AttemptResult =
  | { readonly refused: Refusal; readonly outcome?: undefined }
  | { readonly refused?: undefined; readonly outcome: AttemptOutcome };

export interface RateLimiter {
  /** Before comparing a secret for `identity` (scope: 'password', 'code', …) from `ip`. */
  attempt(scope: string, identity: string, ip: string | null): Promise<AttemptResult>;
  /** Before sending mail or SMS to `recipient` at the request of `ip`; counts the send. */
  send(recipient: string, ip: string | null): Promise<Refusal | null>;
  /** Forgets an identity's failures and delay (after its owner proved control, e.g. by a reset link). */
  forgive(scope: string, identity: string): Promise<void>;
  close(): Promise<void>;
}

type LimitConfig = Pick<
  SecurityConfig,
  | 'rateLimitEnabled'
  | 'rateLimitIdentityIpAttempts'
  | 'rateLimitIdentityIpWindow'
  | 'rateLimitIpAttempts'
  | 'rateLimitIpWindow'
  | 'rateLimitIdentityFreeFailures'
  | 'rateLimitIdentityDelay'
  | 'rateLimitIdentityDelayMax'
  | 'rateLimitIdentityWindow'
  | 'rateLimitKnownIpTtl'
  | 'rateLimitSendRecipient'
  | 'rateLimitSendIp'
  | 'rateLimitSendWindow'
>;

const NO_OUTCOME: AttemptOutcome = {
  succeeded: async () => {},
  failed: async () => {},
  cancelled: async () => {},
};
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function createRateLimiter(config: LimitConfig, store: CounterStore): RateLimiter {
  const ms = (durationSeconds: number): number => durationSeconds * 1000;

  /** The growing delay after `failures` failures from anywhere: doubling, capped. */
  const delayMs = (failures: number): number => {
    const over = failures - config.rateLimitIdentityFreeFailures;
    if (over <= 0) return 0;
    return Math.min(
      ms(config.rateLimitIdentityDelay) * 2 ** Math.min(over - 1, 30),
      ms(config.rateLimitIdentityDelayMax),
    );
  };

  return {
    async attempt(scope, identity, ip) {
      if (!config.rateLimitEnabled) return { outcome: NO_OUTCOME };
      const who = subjectKey(identity);
      const from = ipKey(ip);
      const keys = {
        identityIp: `a:${scope}:${who}:${from}`,
        ip: `a:${scope}:ip:${from}`,
        failures: `f:${scope}:${who}`,
        delay: `d:${scope}:${who}`,
        known: `k:${scope}:${who}:${from}`,
      };
      const delay = await store.get(keys.delay);
      // The owner's way in: an address that already signed in for this identity skips the delay
      // that guessing from other addresses causes (OWASP: avoid lockout an attacker can trigger).
      if (delay && !(await store.get(keys.known))) {
        return { refused: { rule: 'identity', retryAfterSeconds: seconds(delay.resetInMs) } };
      }
      const [pair, address] = await Promise.all([store.get(keys.identityIp), store.get(keys.ip)]);
      if (pair && pair.count >= config.rateLimitIdentityIpAttempts) {
        return { refused: { rule: 'identity-ip', retryAfterSeconds: seconds(pair.resetInMs) } };
      }
      if (address && address.count >= config.rateLimitIpAttempts) {
        return { refused: { rule: 'ip', retryAfterSeconds: seconds(address.resetInMs) } };
      }
      return {
        outcome: {
          async succeeded() {
            // The owner is back: the pair starts over, and this address skips the cross-IP delay.
            await Promise.all([
              store.delete(keys.identityIp),
              store
                .delete(keys.known)
                .then(() => store.increment(keys.known, ms(config.rateLimitKnownIpTtl))),
            ]);
          },
          async cancelled() {},
          async failed() {
            const [, , failures] = await Promise.all([
              store.increment(keys.identityIp, ms(config.rateLimitIdentityIpWindow)),
              store.increment(keys.ip, ms(config.rateLimitIpWindow)),
              store.increment(keys.failures, ms(config.rateLimitIdentityWindow)),
            ]);
            const wait = delayMs(failures.count);
            if (wait > 0) {
              await store.delete(keys.delay);
              await store.increment(keys.delay, wait);
            }
          },
        },
      };
    },
    async send(recipient, ip) {
      if (!config.rateLimitEnabled) return null;
      const window = ms(config.rateLimitSendWindow);
      const [toRecipient, fromIp] = await Promise.all([
        store.increment(`s:r:${subjectKey(recipient)}`, window),
        store.increment(`s:ip:${ipKey(ip)}`, window),
      ]);
      if (toRecipient.count > config.rateLimitSendRecipient) {
        return { rule: 'send-recipient', retryAfterSeconds: seconds(toRecipient.resetInMs) };
      }
      if (fromIp.count > config.rateLimitSendIp) {
        return { rule: 'send-ip', retryAfterSeconds: seconds(fromIp.resetInMs) };
      }
      return null;
    },
    async forgive(scope, identity) {
      const who = subjectKey(identity);
      await Promise.all([store.delete(`f:${scope}:${who}`), store.delete(`d:${scope}:${who}`)]);
    },
    close: () => store.close(),
  };
}
