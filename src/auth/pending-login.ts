/**
 * The pending second-factor state, shared by two-factor, unified sign-in and WebAuthn: a first
 * factor succeeded, the second has not. It is a server-side row (only the SHA-256 of its random id
 * is stored) that the signed session cookie points at as `p:<id>`, so it is bound to this browser;
 * it never counts as signed in (loadSession never answers 'user' for it), expires after
 * twoFactorPendingLoginWithin, allows twoFactorMaxAttempts codes (counted atomically BEFORE any
 * comparison), dies when the user's fs_uniquifier rotates, and works once. better-auth's 2FA bypass
 * came from creating the session first and retracting it; here no session exists until the end.
 */
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { isCrossSiteWrite } from '../csrf/origin-check.js';
import type { PendingLoginRecord, User } from '../datastore/types.js';
import { BadRequestError } from '../errors.js';
import { MESSAGES } from '../messages.js';
import { SELECT_METHOD, secondFactorMethods } from './second-factors.js';
import { endSession, loadSession, type SessionState, setPendingLoginCookie } from './session.js';

export type PendingLogin = Extract<SessionState, { kind: 'pending' }>;

/**
 * The method of a pending sign-in whose user has no second factor yet but must have one
 * (twoFactorRequired): it is set up before the sign-in completes (upstream's setup_from_login).
 */
export const SETUP_FROM_LOGIN = 'setup_from_login';

/**
 * The second factor a sign-in of `user` must pass (a method, SELECT_METHOD when they have more
 * than one, or SETUP_FROM_LOGIN), or null when the first factor is enough.
 */
export async function requiredSecondFactor(core: SecurityCore, user: User): Promise<string | null> {
  const methods = await secondFactorMethods(core, user);
  if (methods.length > 1) return SELECT_METHOD;
  const [method] = methods;
  if (method !== undefined) return method;
  return core.config.twoFactor && core.config.twoFactorRequired ? SETUP_FROM_LOGIN : null;
}

/** Holds a sign-in back: a new pending row and cookie, replacing any session or pending state. */
export async function startPendingLogin(
  state: RequestState,
  user: User,
  options: { remember: boolean; method: string },
): Promise<PendingLoginRecord> {
  const { core } = state;
  if (isCrossSiteWrite(state)) throw new BadRequestError('CSRF_CROSS_ORIGIN', MESSAGES.CSRF_CROSS_ORIGIN);
  const previous = await loadSession(state);
  const csrfSecret =
    previous.kind === 'user'
      ? previous.record.csrfSecret
      : previous.kind === 'none'
        ? randomToken()
        : previous.csrfSecret;
  if (previous.kind === 'user' || previous.kind === 'pending') await endSession(state);
  const pendingId = randomToken();
  const now = core.clock.nowMs();
  const record: PendingLoginRecord = {
    idHash: sha256Hex(pendingId),
    userId: user.id,
    fsUniquifier: user.fsUniquifier,
    csrfSecret,
    remember: options.remember,
    method: options.method,
    attempts: 0,
    createdAt: now,
    expiresAt: now + core.config.twoFactorPendingLoginWithin * 1000,
  };
  await core.datastore.createPendingLogin(record);
  setPendingLoginCookie(state, pendingId);
  state.session = { kind: 'pending', pendingId, csrfSecret, record, user };
  return record;
}

/**
 * A user with several second factors chose `method` (/tf-select): the pending sign-in is replaced
 * by one waiting for that method, keeping its remember choice, its expiry and the attempts already
 * spent, so choosing again buys no extra codes and no extra time.
 */
export async function choosePendingMethod(
  state: RequestState,
  pending: PendingLogin,
  method: string,
): Promise<PendingLoginRecord | null> {
  const { core } = state;
  if (!(await core.datastore.deletePendingLogin(pending.record.idHash))) return null;
  const pendingId = randomToken();
  const record: PendingLoginRecord = { ...pending.record, idHash: sha256Hex(pendingId), method };
  await core.datastore.createPendingLogin(record);
  setPendingLoginCookie(state, pendingId);
  state.session = { kind: 'pending', pendingId, csrfSecret: pending.csrfSecret, record, user: pending.user };
  return record;
}

/** This browser's pending sign-in, or null (none, expired, used, or its user changed). */
export async function currentPendingLogin(state: RequestState): Promise<PendingLogin | null> {
  const session = await loadSession(state);
  return session.kind === 'pending' ? session : null;
}

export type PendingAttempt =
  | {
      readonly ok: true /** True when this is the last code the pending sign-in may try. */;
      readonly last: boolean;
    }
  | { readonly ok: false };

/**
 * Takes one attempt before the caller compares a code. Past the cap the pending sign-in is thrown
 * away (row and cookie) and nothing is compared.
 */
export async function takePendingAttempt(
  state: RequestState,
  pending: PendingLogin,
): Promise<PendingAttempt> {
  const max = state.core.config.twoFactorMaxAttempts;
  const attempts = await state.core.datastore.countPendingLoginAttempt(pending.record.idHash);
  if (attempts !== null && attempts <= max) return { ok: true, last: attempts === max };
  await endSession(state);
  return { ok: false };
}

/** Throws the pending sign-in away (cap reached, logout, or it was just completed). */
export async function abandonPendingLogin(state: RequestState): Promise<void> {
  await endSession(state);
}

/**
 * Claims the pending sign-in for completion: true for exactly one request, so two requests racing
 * with the same valid code cannot both start a session.
 */
export async function claimPendingLogin(state: RequestState, pending: PendingLogin): Promise<boolean> {
  return state.core.datastore.deletePendingLogin(pending.record.idHash);
}
