/** barbican/smtp: the SMTP mailer (needs the optional peer dependency nodemailer, loaded on first send). */
export type { SmtpMailerOptions } from './mail/smtp-mailer.js';
export { createSmtpMailer } from './mail/smtp-mailer.js';
