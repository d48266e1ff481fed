/**
 * Two-factor codes by SMS: a random, single-use, expiring code from the one-time-code service,
 * bound to the number it was texted to, sent through createSecurity's SmsSender. A provider that
 * refuses the message becomes a 503 (try again), never a code the user waits for in vain.
 */
import type { SecurityCore } from '../core.js';
import type { User } from '../datastore/types.js';
import { ServiceUnavailableError } from '../errors.js';
import { humanDuration } from '../human-duration.js';
import { MESSAGES } from '../messages.js';
import type { VerifyOneTimeCodeResult } from '../one-time-code/one-time-codes.js';
import type { E164 } from '../sms/sms-sender.js';
import { codesOf } from './two-factor-mail-code.js';

/** One purpose per flow: a setup code never signs in, a sign-in code never completes a setup. */
export type TwoFactorSmsPurpose = 'tf-sms' | 'tf-setup-sms';

const RETRY_AFTER_SECONDS = 30;

export async function textTwoFactorCode(
  core: SecurityCore,
  user: User,
  purpose: TwoFactorSmsPurpose,
  phone: string,
): Promise<void> {
  const validFor = core.config.twoFactorSmsValidity;
  const { code } = await codesOf(core).issue({
    subject: String(user.id),
    purpose,
    validForSeconds: validFor,
    target: phone,
  });
  try {
    // Stored numbers are the E.164 form normalizePhone produced.
    await core.smsSender.send(
      phone as E164,
      `Your sign-in code is ${code}. It works once, for ${humanDuration(validFor)}.`,
    );
  } catch (error) {
    core.reportError(new Error(`two-factor SMS to user ${user.id} failed: ${String(error)}`));
    throw new ServiceUnavailableError('SMS_UNAVAILABLE', MESSAGES.SMS_UNAVAILABLE, RETRY_AFTER_SECONDS);
  }
  core.events.emit('tfSecurityTokenSent', { user, method: 'sms' });
}

export function verifyTwoFactorSmsCode(
  core: SecurityCore,
  user: User,
  purpose: TwoFactorSmsPurpose,
  code: string,
  phone: string,
): Promise<VerifyOneTimeCodeResult> {
  return codesOf(core).verify({ subject: String(user.id), purpose, code, target: phone });
}
