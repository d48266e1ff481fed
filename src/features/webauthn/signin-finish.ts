/**
 * The answer half of /wan-signin/<wan_state>. A first factor signs in whoever owns the key (the
 * hinted identity's only, when one was given); without user verification it is one factor, so the
 * user's second factor follows, and a user with none is refused. A second factor follows the
 * pending rules of src/auth/pending-login.ts: attempt counted first, the pending user's key only,
 * single-use claim, and only then a session.
 */
import { completeLogin } from '../../auth/complete-login.js';
import {
  abandonPendingLogin,
  claimPendingLogin,
  type PendingLogin,
  takePendingAttempt,
} from '../../auth/pending-login.js';
import { secondFactorMethods, WEBAUTHN_METHOD } from '../../auth/second-factors.js';
import { setTwoFactorValidityCookie } from '../../auth/two-factor-validity.js';
import type { RequestState } from '../../context.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import type { User } from '../../datastore/types.js';
import { type FieldError, respond } from '../../http/responder.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { finishAuthentication } from '../../webauthn/authentication.js';
import { signedInPayload } from '../form-helpers.js';
import { secondFactorNotAllowed, secondFactorTooManyAttempts } from '../second-factor-answer.js';
import { refusalError } from './ceremony-page.js';

/** A refused answer: 400 with field_errors.credential; a browser goes back to the sign-in page. */
export function signinFailure(state: RequestState, error: FieldError): Response {
  return respond(state, {
    status: 400,
    fieldErrors: [error],
    redirect: state.core.paths.wanSignin,
    flash: [error.message],
  });
}

export async function signedInAnswer(
  state: RequestState,
  user: User,
  authenticatedAt: number,
  next: string | null,
): Promise<Response> {
  await setCsrfCookie(state);
  const target = next ?? state.core.config.postLoginView;
  return respond(state, {
    status: 200,
    // Upstream tells a JSON caller where a browser would go.
    response: { ...(await signedInPayload(state, user, authenticatedAt)), post_login_url: target },
    redirect: target,
  });
}

export type FirstFactorOutcome =
  | { readonly user: User; readonly remember: boolean; readonly multiFactor: boolean }
  | { readonly error: FieldError };

export async function finishFirstFactor(
  state: RequestState,
  token: string,
  credential: string | undefined,
): Promise<FirstFactorOutcome> {
  const { core } = state;
  // A state begun with an identity takes only that user's key; one begun without, any owner's.
  const result = await finishAuthentication(
    state,
    { wanState: token, credential: credential ?? '' },
    { purpose: 'signin' },
  );
  if (!result.ok) return { error: refusalError(result) };
  if (result.credential.usage !== 'first') {
    return { error: { field: 'credential', message: MESSAGES.WEBAUTHN_CREDENTIAL_WRONG_USAGE } };
  }
  const multiFactor = result.userVerified && core.config.wanAllowAsMultiFactor;
  // A key that did not verify its user is one factor: acceptable only before another one.
  if (!result.userVerified && (await secondFactorMethods(core, result.user)).length === 0) {
    const message = formatMessage('WEBAUTHN_NO_VERIFY', { cause: 'user verification is required' });
    return { error: { field: 'credential', message } };
  }
  return { user: result.user, remember: result.data.remember === true, multiFactor };
}

export async function finishSecondFactor(
  state: RequestState,
  pending: PendingLogin,
  token: string,
  credential: string | undefined,
  next: string | null,
): Promise<Response> {
  const { core } = state;
  // The attempt is taken before any check, so the cap holds however many answers arrive at once.
  const attempt = await takePendingAttempt(state, pending);
  if (!attempt.ok) return secondFactorTooManyAttempts(state);
  const result = await finishAuthentication(
    state,
    { wanState: token, credential: credential ?? '' },
    { purpose: 'signin', userId: pending.user.id },
  );
  if (!result.ok || result.credential.usage !== 'secondary') {
    const error = result.ok
      ? { field: 'credential', message: MESSAGES.WEBAUTHN_CREDENTIAL_WRONG_USAGE }
      : refusalError(result);
    if (!attempt.last) return signinFailure(state, error);
    await abandonPendingLogin(state);
    return secondFactorTooManyAttempts(state);
  }
  if (!(await claimPendingLogin(state, pending))) return secondFactorNotAllowed(state);
  const login = await completeLogin(state, pending.user, {
    method: 'webauthn',
    remember: pending.record.remember,
    secondFactorPassed: true,
  });
  if (login.status !== 'signed_in') return secondFactorNotAllowed(state);
  core.events.emit('tfCodeConfirmed', { user: login.user, method: WEBAUTHN_METHOD });
  if (pending.record.remember && !core.config.twoFactorAlwaysValidate) {
    setTwoFactorValidityCookie(state, login.user);
  }
  return signedInAnswer(state, login.user, login.authenticatedAt, next);
}
