/** The default SmsSender: prints each message, for development (like the console mailer). */
import type { SmsSender } from './sms-sender.js';

export interface ConsoleSmsSenderOptions {
  /** Where lines go (default console.log). */
  readonly log?: (line: string) => void;
}

/**
 * @example
 * createSecurity({ ..., smsSender: createConsoleSmsSender() });
 */
export function createConsoleSmsSender(options: ConsoleSmsSenderOptions = {}): SmsSender {
  const log = options.log ?? ((line: string) => console.log(line));
  return {
    async send(to, text) {
      log(`[sms] to ${to}: ${text}`);
    },
  };
}
