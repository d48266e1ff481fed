/** Notices mailed when a WebAuthn key is registered or deleted (5.1.2 sends neither). */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { WebAuthnNoticeMailProps } from '../../mail/mails.js';

export function defaultWebAuthnRegisteredMail({ name }: WebAuthnNoticeMailProps): MailContent {
  return simpleMail('A security key was added to your account', [
    `A security key or passkey named "${name}" was just registered to your account.`,
    'If this was not you, delete it from your security keys page and change your password right away.',
  ]);
}

export function defaultWebAuthnDeletedMail({ name }: WebAuthnNoticeMailProps): MailContent {
  return simpleMail('A security key was removed from your account', [
    `The security key or passkey named "${name}" was just deleted from your account.`,
    'If this was not you, change your password right away.',
  ]);
}

export function webauthnNoticeMail(
  core: SecurityCore,
  kind: 'webauthn-registered' | 'webauthn-deleted',
  user: User,
  name: string,
): MailContent & { to: string; kind: string } {
  const render = kind === 'webauthn-registered' ? core.mails.webauthnRegistered : core.mails.webauthnDeleted;
  return { ...render({ user, name }), to: user.email, kind };
}
