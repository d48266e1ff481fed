/** The pluggable SMS transport shared by two-factor and unified sign-in (Flask-Security's SmsSenderFactory). */

/**
 * A phone number in E.164 form ('+447700900123'). Branded so that only normalizePhone (or a
 * value read back from storage that it produced) can reach a sender.
 */
export type E164 = string & { readonly __brand: 'E164' };

export interface SmsSender {
  /**
   * Sends `text` to `to`. Resolves once the provider accepted the message; rejects when it did
   * not, so the feature can answer "could not send" instead of waiting for a code that never comes.
   */
  send(to: E164, text: string): Promise<void>;
}

export interface SmsMessage {
  readonly to: E164;
  readonly text: string;
  readonly sentAtMs: number;
}
