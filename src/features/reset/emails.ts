/** The two mails of a reset: the link to set a new password, and the notice once it is set. */
import { externalLink } from '../../auth/link-token.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { humanDuration } from '../../human-duration.js';
import { type MailContent, simpleMail } from '../../mail/mail-layout.js';
import type { ResetInstructionsMailProps, UserMailProps } from '../../mail/mails.js';

export type ResetMail = MailContent & { readonly to: string; readonly kind: string };

export function defaultResetInstructionsMail({ url, within }: ResetInstructionsMailProps): MailContent {
  return simpleMail(
    'Password reset instructions',
    [
      'Someone asked to reset the password of your account. If it was you, open the link below and choose a new password.',
      `The link works once and expires in ${within}.`,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ],
    { label: 'Reset your password', url },
  );
}

export function defaultResetNoticeMail(_props: UserMailProps): MailContent {
  return simpleMail('Your password has been reset', [
    'The password of your account was just reset, and every other sign-in of the account was ended.',
    'If you did not do this, contact us right away.',
  ]);
}

export function resetInstructionsMail(
  core: SecurityCore,
  user: Pick<User, 'email'>,
  token: string,
): ResetMail {
  const url = externalLink(core, `${core.paths.reset}/${token}`);
  const within = humanDuration(core.config.resetPasswordWithin);
  const mail = core.mails.resetInstructions({ email: user.email, url, within });
  return { ...mail, to: user.email, kind: 'reset-instructions' };
}

export function resetNoticeMail(core: SecurityCore, user: User): ResetMail {
  return { ...core.mails.resetNotice({ user }), to: user.email, kind: 'reset-notice' };
}
