/**
 * Two-factor codes by mail, shared by sign-in (complete-login.ts), setup and, later, rescue: one
 * random, single-use, expiring code per user from the one-time-code service, mailed through the
 * outbox. Flask-Security 5.1.2 mails the TOTP of the user's secret instead, so every mail within a
 * step carries the same code and an old one keeps working.
 */
import type { SecurityCore } from '../core.js';
import { deriveKey } from '../crypto/keys.js';
import type { User } from '../datastore/types.js';
import { humanDuration } from '../human-duration.js';
import { type MailContent, simpleMail } from '../mail/mail-layout.js';
import type { TwoFactorCodeMailProps } from '../mail/mails.js';
import { queueMail } from '../mail/queue-mail.js';
import {
  createOneTimeCodes,
  type OneTimeCodes,
  type VerifyOneTimeCodeResult,
} from '../one-time-code/one-time-codes.js';

/** One purpose per flow, so a code mailed for one never completes another. */
export type TwoFactorMailPurpose = 'tf-email' | 'tf-setup-email' | 'tf-rescue';

const codesByCore = new WeakMap<SecurityCore, OneTimeCodes>();

/** The one-time-code service of this Security (mail and SMS codes share it, by purpose). */
export function codesOf(core: SecurityCore): OneTimeCodes {
  let codes = codesByCore.get(core);
  if (!codes) {
    codes = createOneTimeCodes({
      store: core.datastore.oneTimeCodeStore(),
      key: deriveKey(core.config.secretKey, 'one-time-code'),
      clock: core.clock,
      maxAttempts: core.config.twoFactorMaxAttempts,
    });
    codesByCore.set(core, codes);
  }
  return codes;
}

/** The default code mail: the code is the first standalone number of the text part (issue 9), which tests and mail filters read. */
export function defaultTwoFactorCodeMail({ code, within, subject }: TwoFactorCodeMailProps): MailContent {
  return simpleMail(subject, [
    `Your sign-in code is ${code}.`,
    `It works once, for ${within}. If you did not try to sign in, change your password.`,
  ]);
}

/** Issues a new code (voiding the previous one of this purpose) and queues the mail to the user. */
export async function mailTwoFactorCode(
  core: SecurityCore,
  user: User,
  purpose: TwoFactorMailPurpose,
): Promise<void> {
  const validFor = core.config.twoFactorMailValidity;
  const { code } = await codesOf(core).issue({
    subject: String(user.id),
    purpose,
    validForSeconds: validFor,
    target: user.email,
  });
  const mail = core.mails.twoFactorCode({
    user,
    code,
    within: humanDuration(validFor),
    subject: core.config.emailSubjectTwoFactor,
  });
  await queueMail(core, core.datastore, { ...mail, to: user.email, kind: 'two-factor-code' });
  core.mailWorker.kick();
  core.events.emit('tfSecurityTokenSent', { user, method: 'email' });
}

/** Checks a mailed code; it is bound to the address it went to, so a changed address voids it. */
export function verifyTwoFactorMailCode(
  core: SecurityCore,
  user: User,
  purpose: TwoFactorMailPurpose,
  code: string,
): Promise<VerifyOneTimeCodeResult> {
  return codesOf(core).verify({ subject: String(user.id), purpose, code, target: user.email });
}
