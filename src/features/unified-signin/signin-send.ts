/**
 * Sending a unified sign-in or re-authentication code, without HTTP. A mail carries the code and,
 * for sign-in, a single-use magic link; an SMS carries the code. With returnGenericResponses every
 * request that gets past the input checks does the same storage work whatever the identity: one
 * user lookup, one profile lookup, one look at the last code, one code issued and, by mail, one
 * transaction of two writes (a refused request issues its code to nobody and commits a decoy mail).
 */
import { externalLink, issueLinkToken } from '../../auth/link-token.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { randomToken } from '../../crypto/random.js';
import type { User } from '../../datastore/types.js';
import type { UnifiedSigninProfile } from '../../datastore/unified-signin-types.js';
import { ServiceUnavailableError } from '../../errors.js';
import type { FieldError } from '../../http/responder.js';
import { humanDuration } from '../../human-duration.js';
import { queueMail } from '../../mail/queue-mail.js';
import { MESSAGES } from '../../messages.js';
import type { E164 } from '../../sms/sms-sender.js';
import { queueDecoyMail } from '../decoy-mail.js';
import { activeUsMethods } from './methods.js';
import { browserBinding } from './signin-browser.js';
import { type CodeFlow, type CodeMethod, issueSigninCode, lastCodeIssuedAtMs } from './signin-codes.js';

/** Codes of refused generic requests are issued to this id (no user has it) and never sent. */
const DECOY_USER_ID = 0;
const SMS_RETRY_AFTER_SECONDS = 30;

export type SendCodeOutcome =
  | { readonly status: 'sent' }
  | { readonly status: 'refused'; readonly error: FieldError }
  | { readonly status: 'too_soon'; readonly retryAfterSeconds: number };

/** Why `user` may not get a code by `method` (upstream's order), or null. */
function refusalFor(
  core: SecurityCore,
  user: User | null,
  profile: UnifiedSigninProfile,
  method: CodeMethod,
): FieldError | null {
  if (!user) return { field: 'identity', message: MESSAGES.US_SPECIFY_IDENTITY };
  if (!user.active) return { field: 'identity', message: MESSAGES.DISABLED_ACCOUNT };
  if (isConfirmationMissing(core, user))
    return { field: 'identity', message: MESSAGES.CONFIRMATION_REQUIRED };
  if (!activeUsMethods(core.config, user, profile).includes(method)) {
    return { field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE };
  }
  if (method === 'sms' && profile.phone === null)
    return { field: 'chosen_method', message: MESSAGES.PHONE_INVALID };
  return null;
}

/** Seconds until another code may be sent to this slot (0: now). */
async function secondsToWait(core: SecurityCore, subject: string, flow: CodeFlow, method: CodeMethod) {
  const interval = core.config.usSendCodeMinInterval;
  const issuedAtMs = await lastCodeIssuedAtMs(core, subject, flow, method);
  if (interval <= 0 || issuedAtMs === null) return 0;
  return Math.max(0, Math.ceil((issuedAtMs + interval * 1000 - core.clock.nowMs()) / 1000));
}

function codeMail(core: SecurityCore, email: string, code: string, link: string | null) {
  const within = humanDuration(core.config.usTokenValidity);
  return core.mails.unifiedSigninCode({ email, code, within, subject: core.config.usEmailSubject, link });
}

function magicLink(core: SecurityCore, token: string): string {
  return externalLink(core, `${core.paths.usVerifyLink}/${token}`);
}

async function mailCode(core: SecurityCore, user: User, flow: CodeFlow, binding: string): Promise<void> {
  const { code } = await issueSigninCode(core, user.id, {
    flow,
    method: 'email',
    target: user.email,
    binding,
  });
  await core.datastore.transaction(async (store) => {
    const token =
      flow === 'signin'
        ? await issueLinkToken(core, store, user, {
            purpose: 'us-signin',
            withinSeconds: core.config.usTokenValidity,
            data: { binding },
          })
        : null;
    const mail = codeMail(core, user.email, code, token === null ? null : magicLink(core, token));
    await queueMail(core, store, { ...mail, to: user.email, kind: 'us-code' });
  });
  core.mailWorker.kick();
}

/** Issues the code now (storage work every answer pays); sending it is the caller's to await or not. */
async function textCode(core: SecurityCore, user: User, phone: string, flow: CodeFlow, binding: string) {
  const { code } = await issueSigninCode(core, user.id, { flow, method: 'sms', target: phone, binding });
  const within = humanDuration(core.config.usTokenValidity);
  // Stored numbers are the E.164 form normalizePhone produced.
  return () =>
    core.smsSender.send(phone as E164, `Your sign-in code is ${code}. It works once, for ${within}.`);
}

/** The same storage work as a mailed or texted code, for nobody (generic responses). */
async function sendDecoy(core: SecurityCore, flow: CodeFlow, method: CodeMethod, binding: string) {
  const slot = { flow, method, target: '', binding };
  const { code } = await issueSigninCode(core, DECOY_USER_ID, slot);
  if (method !== 'email') return;
  const mail = codeMail(core, '', code, magicLink(core, `${randomToken()}.${randomToken()}`));
  await core.datastore.transaction((store) => queueDecoyMail(core, store, mail));
  core.mailWorker.kick();
}

async function deliver(
  state: RequestState,
  user: User,
  profile: UnifiedSigninProfile,
  options: { flow: CodeFlow; method: CodeMethod; binding: string },
): Promise<void> {
  const { core } = state;
  const { flow, method, binding } = options;
  if (method === 'email') await mailCode(core, user, flow, binding);
  else {
    const send = await textCode(core, user, profile.phone ?? '', flow, binding);
    const texting = send();
    const failed = (error: unknown) =>
      core.reportError(new Error(`unified sign-in SMS to user ${user.id} failed: ${String(error)}`));
    // Generic answers must not wait for the provider: its latency would tell known numbers apart.
    if (core.config.returnGenericResponses && flow === 'signin') texting.catch(failed);
    else {
      try {
        await texting;
      } catch (error) {
        failed(error);
        throw new ServiceUnavailableError(
          'SMS_UNAVAILABLE',
          MESSAGES.SMS_UNAVAILABLE,
          SMS_RETRY_AFTER_SECONDS,
        );
      }
    }
  }
  core.events.emit('usSecurityTokenSent', {
    user,
    method,
    magicLink: flow === 'signin' && method === 'email',
  });
}

/**
 * Sends a code to the account `user` (looked up by the caller; null when none matched) by
 * `method`. Under generic responses (sign-in only) a refusal does the decoy work and reads as sent.
 */
export async function sendUsCode(
  state: RequestState,
  user: User | null,
  options: { flow: CodeFlow; method: CodeMethod },
): Promise<SendCodeOutcome> {
  const { core } = state;
  const { flow, method } = options;
  const generic = core.config.returnGenericResponses && flow === 'signin';
  const profile = await core.datastore.findUnifiedSigninProfile(user?.id ?? DECOY_USER_ID);
  const refusal = refusalFor(core, user, profile, method);
  const subject = String(user !== null && refusal === null ? user.id : DECOY_USER_ID);
  const wait = await secondsToWait(core, subject, flow, method);
  const binding = await browserBinding(state);
  if (refusal !== null || wait > 0 || user === null) {
    if (generic) {
      await sendDecoy(core, flow, method, binding);
      return { status: 'sent' };
    }
    return refusal !== null
      ? { status: 'refused', error: refusal }
      : { status: 'too_soon', retryAfterSeconds: wait };
  }
  await deliver(state, user, profile, { flow, method, binding });
  return { status: 'sent' };
}
