/** The notice mailed when a recovery code is used (5.1.2 sends none). */
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { RecoveryCodeUsedMailProps } from '../../mail/mails.js';

export function defaultRecoveryCodeUsedMail({ left }: RecoveryCodeUsedMailProps): MailContent {
  return simpleMail('A recovery code was used', [
    'A recovery code was just used to sign in to your account in place of your second factor.',
    `Codes left: ${left}. Generate a new set if you are running out.`,
    'If this was not you, reset your password and generate new recovery codes right away.',
  ]);
}

export function recoveryCodeUsedMail(
  core: SecurityCore,
  user: User,
  left: number,
): MailContent & { to: string; kind: string } {
  const mail = core.mails.recoveryCodeUsed({ user, left });
  return { ...mail, to: user.email, kind: 'recovery-code-used' };
}
