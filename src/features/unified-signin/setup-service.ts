/**
 * The domain steps of /us-setup, without HTTP. A setup in progress lives in the signed-in
 * session's server-side data (so it is bound to this user and this browser), is named by a random
 * `state` of which only a SHA-256 is kept, expires after usSetupWithin, allows twoFactorMaxAttempts
 * codes (counted atomically in the one-time-code store), and is used up by the code that completes
 * it. Upstream's state is a signed, readable, reusable token that any session of the user may use.
 * Mailed and texted setup codes are one-time codes of their own purpose, bound to this setup, so
 * a setup code never signs in; an authenticator setup code advances the unified-sign-in replay
 * guard, so the same code cannot sign in a moment later either (5.1.2 accepts it).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { updateSession } from '../../auth/session.js';
import { codesOf } from '../../auth/two-factor-mail-code.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { DatastoreError } from '../../datastore/errors.js';
import type { User } from '../../datastore/types.js';
import { ServiceUnavailableError } from '../../errors.js';
import { queueMail } from '../../mail/queue-mail.js';
import { MESSAGES } from '../../messages.js';
import type { E164 } from '../../sms/sms-sender.js';
import { totpServiceOf } from '../../totp/totp-service-of.js';
import { usMethodsChangedMail, usSetupCodeMail, usSetupCodeText } from './emails-setup.js';

export interface UsSetupChoice {
  readonly method: string;
  /** authenticator: the new secret, sealed; null for code methods. */
  readonly sealedSecret: string | null;
  /** sms: the E.164 number the code went to. */
  readonly phone: string | null;
}

interface UsSetupInProgress extends UsSetupChoice {
  readonly stateHash: string;
  readonly expiresAt: number;
  readonly counterId: string;
}

const KEY = 'usSetup';
const COUNTER_PURPOSE = 'us-setup-attempts';
const SMS_RETRY_AFTER_SECONDS = 30;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function parseSetup(value: unknown): UsSetupInProgress | null {
  if (typeof value !== 'object' || value === null) return null;
  const text = (name: string): string | null =>
    name in value && typeof (value as Record<string, unknown>)[name] === 'string'
      ? ((value as Record<string, unknown>)[name] as string)
      : null;
  const method = text('method');
  const stateHash = text('stateHash');
  const counterId = text('counterId');
  const expiresAt = 'expiresAt' in value && typeof value.expiresAt === 'number' ? value.expiresAt : null;
  if (method === null || stateHash === null || counterId === null || expiresAt === null) return null;
  return {
    method,
    sealedSecret: text('sealedSecret'),
    phone: text('phone'),
    stateHash,
    expiresAt,
    counterId,
  };
}

/** Where a setup's code goes: its method's purpose, bound to the address or number and to this setup. */
function codeSlot(user: User, setup: UsSetupChoice & { stateHash: string }) {
  const target = setup.method === 'sms' ? (setup.phone ?? '') : user.email;
  return {
    subject: String(user.id),
    purpose: `us-setup-${setup.method}`,
    target: JSON.stringify([target, setup.stateHash]),
  };
}

/** Starts a setup (replacing any other of this session), sends its code, and returns the `state`. */
export async function beginUsSetup(
  state: RequestState,
  user: User,
  choice: UsSetupChoice,
): Promise<string | null> {
  const { core } = state;
  const session = state.session;
  if (session?.kind !== 'user') return null;
  const token = randomBytes(32).toString('base64url');
  const now = core.clock.nowMs();
  const setup: UsSetupInProgress = {
    ...choice,
    stateHash: sha256(token),
    expiresAt: now + core.config.usSetupWithin * 1000,
    counterId: randomBytes(16).toString('base64url'),
  };
  // A counter, not a code: nothing is compared against its MAC; a newer setup replaces it.
  await core.datastore.oneTimeCodeStore().put({
    id: setup.counterId,
    subject: String(user.id),
    purpose: COUNTER_PURPOSE,
    codeMAC: '',
    issuedAtMs: now,
    expiresAtMs: setup.expiresAt,
    attempts: 0,
  });
  await updateSession(state, { data: { ...session.record.data, [KEY]: setup } });
  if (choice.method === 'email' || choice.method === 'sms') await sendSetupCode(core, user, setup);
  return token;
}

async function sendSetupCode(core: SecurityCore, user: User, setup: UsSetupInProgress): Promise<void> {
  const slot = codeSlot(user, setup);
  const { code } = await codesOf(core).issue({ ...slot, validForSeconds: core.config.usTokenValidity });
  if (setup.method === 'email') {
    await queueMail(core, core.datastore, usSetupCodeMail(core, user, code));
    core.mailWorker.kick();
  } else {
    try {
      // normalizePhone produced the number (E.164).
      await core.smsSender.send(setup.phone as E164, usSetupCodeText(core, code));
    } catch (error) {
      core.reportError(new Error(`unified sign-in setup SMS to user ${user.id} failed: ${String(error)}`));
      throw new ServiceUnavailableError('SMS_UNAVAILABLE', MESSAGES.SMS_UNAVAILABLE, SMS_RETRY_AFTER_SECONDS);
    }
  }
  core.events.emit('usSecurityTokenSent', { user, method: setup.method, magicLink: false });
}

/**
 * Seconds until another setup code may be sent by `method` (0: now), by usSendCodeMinInterval as
 * at send-code: each POST would otherwise mail or text a new code, and an SMS costs money.
 */
export async function setupCodeWaitSeconds(core: SecurityCore, user: User, method: string): Promise<number> {
  const interval = core.config.usSendCodeMinInterval;
  if (interval <= 0 || (method !== 'email' && method !== 'sms')) return 0;
  const pending = await codesOf(core).pending(String(user.id), `us-setup-${method}`);
  if (pending === null) return 0;
  return Math.max(0, Math.ceil((pending.issuedAtMs + interval * 1000 - core.clock.nowMs()) / 1000));
}

export type FindSetupResult =
  | { readonly status: 'ok'; readonly setup: UsSetupInProgress }
  | { readonly status: 'invalid' | 'expired' };

/** The setup this session started under `token`: another session's, a used or a made-up one is 'invalid'. */
export function findUsSetup(state: RequestState, token: string): FindSetupResult {
  const session = state.session;
  const setup = session?.kind === 'user' ? parseSetup(session.record.data[KEY]) : null;
  if (setup === null) return { status: 'invalid' };
  const given = Buffer.from(sha256(token));
  const kept = Buffer.from(setup.stateHash);
  if (given.length !== kept.length || !timingSafeEqual(given, kept)) return { status: 'invalid' };
  if (setup.expiresAt <= state.core.clock.nowMs()) return { status: 'expired' };
  return { status: 'ok', setup };
}

/** Drops this session's setup and its counter (completed, expired or out of attempts). */
export async function endUsSetup(state: RequestState, setup: UsSetupInProgress): Promise<void> {
  const session = state.session;
  if (session?.kind !== 'user') return;
  await state.core.datastore
    .oneTimeCodeStore()
    .delete(String(session.user.id), COUNTER_PURPOSE, setup.counterId);
  const { [KEY]: _dropped, ...rest } = session.record.data;
  await updateSession(state, { data: rest });
}

/** Counts one code before it is compared; false once the setup is out of attempts (or replaced). */
async function takeAttempt(state: RequestState, user: User, setup: UsSetupInProgress): Promise<boolean> {
  const { core } = state;
  const counted = await core.datastore.oneTimeCodeStore().incrementAttempts(String(user.id), COUNTER_PURPOSE);
  const live = counted !== null && counted.id === setup.counterId && counted.expiresAtMs > core.clock.nowMs();
  return live && counted.attempts <= core.config.twoFactorMaxAttempts;
}

async function codeValid(
  core: SecurityCore,
  user: User,
  setup: UsSetupInProgress,
  code: string,
): Promise<boolean> {
  if (setup.method !== 'authenticator') {
    return (await codesOf(core).verify({ ...codeSlot(user, setup), code })).valid;
  }
  const totp = totpServiceOf(core);
  if (totp === null || setup.sealedSecret === null) return false;
  const profile = await core.datastore.findUnifiedSigninProfile(user.id);
  const result = totp.verify({
    subject: String(user.id),
    sealedSecret: setup.sealedSecret,
    code,
    lastUsedStep: profile.totpLastStep,
  });
  return result.valid && (await core.datastore.recordUsTOTPStep(user.id, result.step));
}

export type CompleteSetupResult = 'completed' | 'invalid-code' | 'too-many' | 'phone-taken';

/** One code for the setup: valid, the method is stored (with a notice) and the setup is used up. */
export async function completeUsSetup(
  state: RequestState,
  user: User,
  setup: UsSetupInProgress,
  code: string,
): Promise<CompleteSetupResult> {
  const { core } = state;
  if (!(await takeAttempt(state, user, setup))) {
    await endUsSetup(state, setup);
    return 'too-many';
  }
  if (!(await codeValid(core, user, setup, code))) return 'invalid-code';
  await endUsSetup(state, setup);
  try {
    await core.datastore.transaction(async (store) => {
      const phone = setup.method === 'sms' ? { phone: setup.phone } : {};
      await store.setUsMethod(user.id, setup.method, {
        totpSecret: setup.sealedSecret,
        nowMs: core.clock.nowMs(),
        ...phone,
      });
      await queueMail(
        core,
        store,
        usMethodsChangedMail(core, user, { methods: [setup.method], removed: false }),
      );
    });
  } catch (error) {
    if (error instanceof DatastoreError && error.code === 'PHONE_EXISTS') return 'phone-taken';
    throw error;
  }
  core.mailWorker.kick();
  core.events.emit('usProfileChanged', { user, methods: [setup.method], delete: false });
  return 'completed';
}

/**
 * Removes methods with a notice, unless the user would be left with no way in: a user without a
 * password must keep one of the enabled methods. Returns false (nothing removed) then.
 */
export async function removeUsMethods(
  core: SecurityCore,
  user: User,
  methods: readonly string[],
): Promise<boolean> {
  const mustKeepOneOf =
    user.password !== null ? null : core.config.usEnabledMethods.filter((m) => m !== 'password');
  const removed = await core.datastore.transaction(async (store) => {
    if (!(await store.removeUsMethods(user.id, methods, mustKeepOneOf))) return false;
    await queueMail(core, store, usMethodsChangedMail(core, user, { methods, removed: true }));
    return true;
  });
  if (!removed) return false;
  core.mailWorker.kick();
  core.events.emit('usProfileChanged', { user, methods, delete: true });
  return true;
}

/** A new authenticator secret for the setup page: the sealed secret and what the page shows. */
export async function newAuthenticatorSecret(core: SecurityCore, user: User) {
  const totp = totpServiceOf(core);
  if (totp === null) return null;
  return totp.beginSetup({ subject: String(user.id), accountName: user.email });
}
