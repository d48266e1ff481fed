/**
 * The demo's mail (and SMS) without SMTP: printed to the console and kept in this process's memory
 * for the dev outbox page. The outbox table cannot serve that page any more — it holds bodies sealed until
 * delivery and blanked after (src/mail/mail-sealing.ts) — and memory is where a dev mail catcher
 * keeps mail anyway: nothing of it reaches the database or outlives the process.
 */
import { deriveKey } from '../src/crypto/keys.js';
import type { OutboxEntry } from '../src/datastore/types.js';
import { openMailBodies } from '../src/mail/mail-sealing.js';
import { createConsoleMailer, type Mailer, type MailToSend } from '../src/mail/mailer.js';
import type { Security } from '../src/security.js';
import { createConsoleSmsSender } from '../src/sms/console-sms-sender.js';
import { createMemorySmsSender } from '../src/sms/memory-sms-sender.js';
import type { SmsMessage, SmsSender } from '../src/sms/sms-sender.js';
import type { DemoOptions } from './home-page.js';

/** What the dev outbox page shows of one mail. */
export type DevOutboxEntry = Pick<
  OutboxEntry,
  'to' | 'subject' | 'text' | 'createdAt' | 'sentAt' | 'lastError'
>;

export interface DevMailbox {
  readonly mailer: Mailer;
  /** Prints each text message and keeps the newest for the page (two-factor by SMS). */
  readonly smsSender: SmsSender;
  /** Kept text messages, newest first. */
  texts(): readonly SmsMessage[];
  /** Mail not delivered yet (from the outbox, opened), then delivered mail, newest first. */
  entries(security: Security, limit: number): Promise<DevOutboxEntry[]>;
}

/** The demo apps' options: with no SMTP_URL, the mailbox that /dev/outbox shows. */
export interface DemoAppOptions extends DemoOptions {
  readonly devMailbox?: DevMailbox | null;
  /**
   * How the app mounts Barbican: `barbican(security)` as middleware (the default), or
   * `barbicanRoutes(security)` with guards that open the context themselves (on Hono, each
   * guarded route one `guarded()` handler). The adapter suite runs both.
   */
  readonly mount?: 'middleware' | 'routes';
}

/** How many delivered messages are kept; older ones are forgotten. */
const KEPT = 50;

export function createDevMailbox(log: (line: string) => void): DevMailbox {
  const printer = createConsoleMailer(log);
  const delivered: DevOutboxEntry[] = [];
  const smsPrinter = createConsoleSmsSender({ log });
  const texts = createMemorySmsSender({ maxMessages: KEPT });
  return {
    smsSender: {
      async send(to, text) {
        await smsPrinter.send(to, text);
        await texts.send(to, text);
      },
    },
    texts: () => [...texts.messages()].reverse(),
    mailer: {
      async send(message: MailToSend) {
        await printer.send(message);
        const now = Date.now();
        delivered.unshift({ ...message, createdAt: now, sentAt: now, lastError: null });
        delivered.length = Math.min(delivered.length, KEPT);
      },
    },
    async entries(security, limit) {
      const key = deriveKey(security.config.secretKey, 'mail-body');
      const pending = (await security.datastore.listMail(limit))
        .filter((entry) => entry.sentAt === null)
        .map((entry) => {
          try {
            return { ...entry, ...openMailBodies(key, entry) };
          } catch {
            return { ...entry, text: '(sealed under another SECRET_KEY)' };
          }
        });
      return [...pending, ...delivered].slice(0, limit);
    },
  };
}
