/** The Mailer contract and the console mailer used in development. */

export interface MailToSend {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * A Message-ID that stays the same for every delivery attempt of one outbox message, so a
   * message sent again (at-least-once delivery after a crash) is recognisably the same message
   * and mail stores that deduplicate by Message-ID keep one. Send it as the header.
   */
  readonly messageId?: string;
}

/** Sends one message or throws; the outbox worker retries on throw. Replaceable at construction. */
export interface Mailer {
  send(message: MailToSend): Promise<void>;
  close?(): Promise<void>;
}

/** Prints mail instead of sending it (the demo's default when no SMTP_URL is set). */
export function createConsoleMailer(log: (line: string) => void = (line) => console.log(line)): Mailer {
  return {
    async send(message) {
      log(`--- mail to ${message.to} from ${message.from}: ${message.subject}\n${message.text}\n---`);
    },
  };
}
