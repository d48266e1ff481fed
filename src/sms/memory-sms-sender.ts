/**
 * An SmsSender that keeps what it sent, for tests and the demo's dev outbox page. Bounded, so a
 * long-running demo cannot grow it without limit: past `maxMessages` the oldest are dropped.
 */
import type { Clock } from '../core.js';
import type { E164, SmsMessage, SmsSender } from './sms-sender.js';

export const DEFAULT_MAX_SMS_MESSAGES = 100;

export interface MemorySmsSender extends SmsSender {
  /** Kept messages, oldest first (a copy). */
  messages(): readonly SmsMessage[];
  /** The newest message sent to `to`, if any is still kept. */
  lastTo(to: E164): SmsMessage | undefined;
  clear(): void;
}

export interface MemorySmsSenderOptions {
  readonly maxMessages?: number;
  readonly clock?: Clock;
}

/**
 * @example
 * const sms = createMemorySmsSender();
 * // … sign in with an SMS code …
 * const code = /\b\d{6}\b/.exec(sms.lastTo(phone)?.text ?? '')?.[0];
 */
export function createMemorySmsSender(options: MemorySmsSenderOptions = {}): MemorySmsSender {
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_SMS_MESSAGES;
  if (!Number.isInteger(maxMessages) || maxMessages < 1) {
    throw new TypeError('createMemorySmsSender: maxMessages must be a positive integer');
  }
  const clock = options.clock ?? { nowMs: () => Date.now() };
  let kept: SmsMessage[] = [];
  return {
    async send(to, text) {
      kept.push({ to, text, sentAtMs: clock.nowMs() });
      if (kept.length > maxMessages) kept = kept.slice(kept.length - maxMessages);
    },
    messages: () => [...kept],
    lastTo: (to) => kept.findLast((message) => message.to === to),
    clear() {
      kept = [];
    },
  };
}
