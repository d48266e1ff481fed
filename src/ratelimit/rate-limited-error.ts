/** The refusal every limited endpoint answers with: 429 and Retry-After, nothing about the secret. */
import { BarbicanError } from '../errors.js';

/** Which rule refused: per identity and IP, per IP, per identity across IPs, per recipient, per IP sending. */
export type RateLimitRule = 'identity-ip' | 'ip' | 'identity' | 'send-recipient' | 'send-ip';

export const RATE_LIMITED_MESSAGE = 'Too many attempts. Please wait and try again.';

export class RateLimitedError extends BarbicanError {
  readonly status = 429;
  readonly rule: RateLimitRule;
  readonly retryAfterSeconds: number;
  constructor(rule: RateLimitRule, retryAfterSeconds: number) {
    super('RATE_LIMITED', RATE_LIMITED_MESSAGE);
    this.name = 'RateLimitedError';
    this.rule = rule;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
