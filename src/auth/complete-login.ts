/**
 * The single "authentication succeeded for user U by method M" step. Everything that signs a user
 * in ends here, so a second factor holds the sign-in back in one place instead of retracting a
 * session already issued: a user with two-factor gets a pending sign-in (pending-login.ts) and no
 * session, no tracking and no userAuthenticated event until the second factor completes it.
 */
import type { RequestState } from '../context.js';
import type { User } from '../datastore/types.js';
import type { LoginMethod } from '../events.js';
import { maySend } from '../ratelimit/limit-request.js';
import { requiredSecondFactor, SETUP_FROM_LOGIN, startPendingLogin } from './pending-login.js';
import { SELECT_METHOD, secondFactorMethods } from './second-factors.js';
import { startSession } from './session.js';
import { mailTwoFactorCode } from './two-factor-mail-code.js';
import { textTwoFactorCode } from './two-factor-sms-code.js';
import { hasTwoFactorValidity } from './two-factor-validity.js';

export interface CompletedLogin {
  readonly status: 'signed_in';
  readonly user: User;
  readonly authenticatedAt: number;
}

/** The first factor passed; the caller answers with tf_required (features/second-factor-answer.ts). */
export interface SecondFactorRequired {
  readonly status: 'tf_required';
  readonly user: User;
  /**
   * The second factor the pending sign-in waits for (tf_method; SELECT_METHOD: the user chooses
   * one of `methods` first); null: one must be set up first.
   */
  readonly method: string | null;
  /** The user's second factors (tf_setup_methods of a tf_select answer). */
  readonly methods: readonly string[];
}

export type LoginOutcome = CompletedLogin | SecondFactorRequired;

async function track(state: RequestState, user: User, nowMs: number): Promise<User> {
  const now = new Date(nowMs);
  const ip = state.clientIp;
  return state.core.datastore.updateUser(user, {
    lastLoginAt: user.currentLoginAt ?? now,
    currentLoginAt: now,
    lastLoginIp: user.currentLoginIp ?? ip,
    currentLoginIp: ip,
    loginCount: user.loginCount + 1,
  });
}

/**
 * A pending sign-in waiting for a mailed or texted code gets one now (other methods need none).
 * Over the send limit the code is not sent again (the last one still works); a 429 here would
 * confirm the password that was just checked.
 */
export async function sendSecondFactorCode(state: RequestState, user: User, method: string): Promise<void> {
  if (method === 'email' && (await maySend(state, user.email))) {
    await mailTwoFactorCode(state.core, user, 'tf-email');
  }
  if (method === 'sms' && user.tfPhoneNumber !== null && (await maySend(state, user.tfPhoneNumber))) {
    await textTwoFactorCode(state.core, user, 'tf-sms', user.tfPhoneNumber);
  }
}

export async function completeLogin(
  state: RequestState,
  user: User,
  options: {
    method: LoginMethod;
    remember: boolean;
    /** Set only by the step that has just verified the second factor (tf-validate). */
    secondFactorPassed?: boolean;
  },
): Promise<LoginOutcome> {
  const { core } = state;
  const secondFactor = await requiredSecondFactor(core, user);
  const skip = options.secondFactorPassed === true || hasTwoFactorValidity(state, user);
  if (secondFactor !== null && !skip) {
    await startPendingLogin(state, user, { remember: options.remember, method: secondFactor });
    await sendSecondFactorCode(state, user, secondFactor);
    if (secondFactor === SETUP_FROM_LOGIN) return { status: 'tf_required', user, method: null, methods: [] };
    const methods = secondFactor === SELECT_METHOD ? await secondFactorMethods(core, user) : [secondFactor];
    return { status: 'tf_required', user, method: secondFactor, methods };
  }
  const now = core.clock.nowMs();
  const tracked = core.config.trackable ? await track(state, user, now) : user;
  await startSession(state, tracked, { remember: options.remember, authenticatedAt: now });
  state.identity = { user: tracked, mechanism: 'session', authenticatedAt: now };
  core.events.emit('userAuthenticated', {
    user: tracked,
    method: options.method,
    remember: options.remember,
  });
  return { status: 'signed_in', user: tracked, authenticatedAt: now };
}
