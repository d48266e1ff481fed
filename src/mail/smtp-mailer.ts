/**
 * The default real mailer: nodemailer over SMTP, with timeouts so a dead server fails fast.
 * nodemailer is an optional peer dependency, loaded on the first send (barbican/smtp).
 */
import type { Transporter } from 'nodemailer';
import { loadPeer } from '../peer-dependency.js';
import type { Mailer } from './mailer.js';

export interface SmtpMailerOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:port`. */
  readonly url: string;
  readonly timeoutMs?: number;
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new TypeError(`SMTP URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  const timeout = options.timeoutMs ?? 10_000;
  const settings = {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 25,
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // A local relay without a certificate is common in development; smtps:// still verifies.
    ignoreTLS: url.protocol === 'smtp:' && url.searchParams.get('starttls') === 'false',
  };
  let transport: Promise<Transporter> | undefined;
  const connect = (): Promise<Transporter> => {
    transport ??= loadPeer('nodemailer', 'The SMTP mailer', () => import('nodemailer')).then((nodemailer) =>
      nodemailer.createTransport(settings),
    );
    return transport;
  };
  return {
    async send(message) {
      await (await connect()).sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
      });
    },
    async close() {
      if (transport !== undefined) (await transport).close();
    },
  };
}
