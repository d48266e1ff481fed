/**
 * A setup in progress: the chosen method and, for the authenticator, the new secret (sealed),
 * kept in the signed-in session's server-side data (so bound to this session), expiring after
 * twoFactorPendingLoginWithin, allowing twoFactorMaxAttempts codes (then thrown away, so the user
 * starts again), and cleared when it completes. The codes tried are counted in the one-time-code
 * store, whose increment is atomic, not in the session data: requests sent all at once would each
 * read the same count from the session and all be compared. The user's row changes only once a
 * valid code proves the new factor works; then the change kills the user's other sessions and
 * tokens and mails a notice.
 */
import { randomBytes } from 'node:crypto';
import { startSession, updateSession } from '../../auth/session.js';
import { verifyTwoFactorMailCode } from '../../auth/two-factor-mail-code.js';
import { verifyTwoFactorSmsCode } from '../../auth/two-factor-sms-code.js';
import type { RequestState } from '../../context.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { respond } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { MESSAGES } from '../../messages.js';
import { twoFactorChangedMail } from './emails.js';
import { verifyAuthenticatorCode } from './service.js';

export interface SetupInProgress {
  readonly method: string;
  readonly sealedSecret: string | null;
  /** sms: the E.164 number the setup code was texted to. */
  readonly phone: string | null;
  readonly expiresAt: number;
  /** Id of this setup's attempt counter in the one-time-code store (a newer setup has another). */
  readonly counterId: string;
}

const KEY = 'tfSetup';
/** Purpose of the attempt counter: one per user, so a newer setup in any session supersedes it. */
const COUNTER_PURPOSE = 'tf-setup-attempts';

function parseSetup(value: unknown): SetupInProgress | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!('method' in value) || typeof value.method !== 'string') return null;
  if (!('expiresAt' in value) || typeof value.expiresAt !== 'number') return null;
  const sealed =
    'sealedSecret' in value && typeof value.sealedSecret === 'string' ? value.sealedSecret : null;
  const phone = 'phone' in value && typeof value.phone === 'string' ? value.phone : null;
  // A setup stored without a counter (before the counter existed) cannot be counted: none.
  if (!('counterId' in value) || typeof value.counterId !== 'string') return null;
  return {
    method: value.method,
    sealedSecret: sealed,
    phone,
    expiresAt: value.expiresAt,
    counterId: value.counterId,
  };
}

/** The live setup of this signed-in session, or null. */
export async function currentSetup(state: RequestState): Promise<SetupInProgress | null> {
  const session = state.session;
  if (session?.kind !== 'user') return null;
  const setup = parseSetup(session.record.data[KEY]);
  return setup && setup.expiresAt > state.core.clock.nowMs() ? setup : null;
}

export async function beginSetup(
  state: RequestState,
  choice: Omit<SetupInProgress, 'expiresAt' | 'counterId'>,
): Promise<void> {
  const session = state.session;
  if (session?.kind !== 'user') return;
  const now = state.core.clock.nowMs();
  const expiresAt = now + state.core.config.twoFactorPendingLoginWithin * 1000;
  const counterId = randomBytes(16).toString('base64url');
  await state.core.datastore.oneTimeCodeStore().put({
    id: counterId,
    subject: String(session.user.id),
    purpose: COUNTER_PURPOSE,
    // A counter, not a code: nothing is ever compared against this MAC.
    codeMAC: '',
    issuedAtMs: now,
    expiresAtMs: expiresAt,
    attempts: 0,
  });
  const setup: SetupInProgress = { ...choice, expiresAt, counterId };
  await updateSession(state, { data: { ...session.record.data, [KEY]: setup } });
}

/** Drops the setup in progress (completed, or out of attempts) and its counter. */
async function endSetup(state: RequestState, setup: SetupInProgress): Promise<void> {
  const session = state.session;
  if (session?.kind !== 'user') return;
  await state.core.datastore
    .oneTimeCodeStore()
    .delete(String(session.user.id), COUNTER_PURPOSE, setup.counterId);
  const { [KEY]: _dropped, ...rest } = session.record.data;
  await updateSession(state, { data: rest });
}

/**
 * Counts one code against the setup before it is compared; past twoFactorMaxAttempts the setup is
 * thrown away. Returns whether this code may be compared, and whether it is the last one allowed.
 */
async function takeSetupAttempt(
  state: RequestState,
  setup: SetupInProgress,
): Promise<{ ok: boolean; last: boolean }> {
  const session = state.session;
  if (session?.kind !== 'user') return { ok: false, last: true };
  const max = state.core.config.twoFactorMaxAttempts;
  const counted = await state.core.datastore
    .oneTimeCodeStore()
    .incrementAttempts(String(session.user.id), COUNTER_PURPOSE);
  const live =
    counted !== null && counted.id === setup.counterId && counted.expiresAtMs > state.core.clock.nowMs();
  if (!live || counted.attempts > max) {
    await endSetup(state, setup);
    return { ok: false, last: true };
  }
  return { ok: true, last: counted.attempts === max };
}

/**
 * Stores the user's new second factor (or none) with a notice, ends every other session and token
 * of the user, and keeps this browser signed in on a new session id with its authentication time.
 */
export async function applyTwoFactorChange(
  state: RequestState,
  user: User,
  change: { method: string | null; sealedSecret: string | null; phone: string | null },
): Promise<User> {
  const { core } = state;
  const updated = await core.datastore.transaction(async (store) => {
    const changed = await store.updateUser(user, {
      tfPrimaryMethod: change.method,
      tfTotpSecret: change.sealedSecret,
      tfPhoneNumber: change.phone,
    });
    await queueMail(core, store, twoFactorChangedMail(core, changed, change.method));
    return store.resetUserAccess(changed);
  });
  core.mailWorker.kick();
  if (state.session?.kind === 'user') {
    const { remember, authenticatedAt } = state.session.record;
    await startSession(state, updated, { remember, authenticatedAt });
    state.identity = { user: updated, mechanism: 'session', authenticatedAt };
  }
  await setCsrfCookie(state);
  return updated;
}

/** The code of the factor being set up (a new authenticator secret, a mailed or texted code). */
async function verifySetupCode(
  state: RequestState,
  user: User,
  setup: SetupInProgress,
  code: string,
): Promise<boolean> {
  const { core } = state;
  if (setup.method === 'authenticator') {
    return (
      setup.sealedSecret !== null &&
      (await verifyAuthenticatorCode(core, user, setup.sealedSecret, code)).valid
    );
  }
  if (setup.method === 'sms') {
    return (
      setup.phone !== null &&
      (await verifyTwoFactorSmsCode(core, user, 'tf-setup-sms', code, setup.phone)).valid
    );
  }
  return (await verifyTwoFactorMailCode(core, user, 'tf-setup-email', code)).valid;
}

/** POST /tf-validate while signed in with a setup in progress: one valid code completes it. */
export async function completeSetup(
  state: RequestState,
  setup: SetupInProgress,
  code: string | undefined,
): Promise<Response> {
  const { core } = state;
  if (state.session?.kind !== 'user')
    return respond(state, { status: 400, errors: [MESSAGES.TWO_FACTOR_PERMISSION_DENIED] });
  const { user } = state.session;
  if (code !== undefined) {
    const attempt = await takeSetupAttempt(state, setup);
    if (!attempt.ok) return tooManySetupCodes(state);
    const valid = await verifySetupCode(state, user, setup, code);
    if (!valid && attempt.last) {
      await endSetup(state, setup);
      return tooManySetupCodes(state);
    }
    if (valid) return finishSetup(state, user, setup);
  }
  const message = code === undefined ? MESSAGES.TWO_FACTOR_CODE_REQUIRED : MESSAGES.TWO_FACTOR_INVALID_TOKEN;
  return respond(state, {
    status: 400,
    fieldErrors: [{ field: 'code', message }],
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: core.paths.tfSetup,
    flash: [message],
  });
}

/** Out of codes: the setup is gone, and /tf-setup must be chosen again. */
async function tooManySetupCodes(state: RequestState): Promise<Response> {
  const message = MESSAGES.TWO_FACTOR_SETUP_TOO_MANY_ATTEMPTS;
  return respond(state, {
    status: 400,
    fieldErrors: [{ field: 'code', message }],
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: state.core.paths.tfSetup,
    flash: [message],
  });
}

async function finishSetup(state: RequestState, user: User, setup: SetupInProgress): Promise<Response> {
  const { core } = state;
  await core.datastore.oneTimeCodeStore().delete(String(user.id), COUNTER_PURPOSE, setup.counterId);
  const updated = await applyTwoFactorChange(state, user, {
    method: setup.method,
    sealedSecret: setup.sealedSecret,
    phone: setup.phone,
  });
  core.events.emit('tfCodeConfirmed', { user: updated, method: setup.method });
  core.events.emit('tfProfileChanged', { user: updated, method: setup.method });
  return respond(state, {
    status: 200,
    response: {
      csrf_token: await csrfTokenFor(state),
      tf_method: setup.method,
      tf_primary_method: setup.method,
      user: {},
    },
    redirect: core.config.twoFactorPostSetupView ?? core.paths.tfSetup,
    flash: [MESSAGES.TWO_FACTOR_CHANGE_METHOD_SUCCESSFUL],
  });
}

/**
 * twoFactorRequired, first factor done, no method yet: the code proves which candidate the user
 * set up at /tf-setup (an authenticator secret or a phone number waiting on the row, or a mailed
 * setup code).
 */
export async function verifySetupFromLogin(
  state: RequestState,
  user: User,
  code: string,
): Promise<string | null> {
  const { core } = state;
  const candidate = user.tfPrimaryMethod === null ? user.tfTotpSecret : null;
  if (candidate !== null && (await verifyAuthenticatorCode(core, user, candidate, code)).valid)
    return 'authenticator';
  if ((await verifyTwoFactorMailCode(core, user, 'tf-setup-email', code)).valid) return 'email';
  const phone = user.tfPrimaryMethod === null ? user.tfPhoneNumber : null;
  if (phone !== null && (await verifyTwoFactorSmsCode(core, user, 'tf-setup-sms', code, phone)).valid)
    return 'sms';
  return null;
}

/** Makes the verified candidate the user's factor, with the notice mail; returns the user as stored. */
export async function storeFactorFromLogin(state: RequestState, user: User, method: string): Promise<User> {
  const { core } = state;
  const updated = await core.datastore.transaction(async (store) => {
    const changed = await store.updateUser(user, {
      tfPrimaryMethod: method,
      tfTotpSecret: method === 'authenticator' ? user.tfTotpSecret : null,
      tfPhoneNumber: method === 'sms' ? user.tfPhoneNumber : null,
    });
    await queueMail(core, store, twoFactorChangedMail(core, changed, method));
    return changed;
  });
  core.mailWorker.kick();
  core.events.emit('tfProfileChanged', { user: updated, method });
  return updated;
}
