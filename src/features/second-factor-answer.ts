/**
 * The answer to a correct first factor that still needs a second (any sign-in path: /login, reset,
 * later unified sign-in). JSON gets Flask-Security's tf_required envelope with no `user` and no
 * token, whatever ?include_auth_token says; a browser goes to the validate page with its `next`.
 */
import type { SecondFactorRequired } from '../auth/complete-login.js';
import { SELECT_METHOD, WEBAUTHN_METHOD } from '../auth/second-factors.js';
import type { RequestState } from '../context.js';
import { csrfTokenFor } from '../csrf/csrf-token.js';
import { respond } from '../http/responder.js';
import { MESSAGES } from '../messages.js';

export async function secondFactorRequiredAnswer(
  state: RequestState,
  outcome: SecondFactorRequired,
  next: string | null,
): Promise<Response> {
  const { response, page } = pendingAnswer(state, outcome, await csrfTokenFor(state));
  // `next` was validated by the caller; it is carried, encoded, for tf-validate to check again.
  return respond(state, {
    status: 200,
    response,
    redirect: next ? `${page}?next=${encodeURIComponent(next)}` : page,
  });
}

/** What the client is told to do next, and the page a browser goes to (upstream's tf_login of each method). */
export function pendingAnswer(
  state: RequestState,
  outcome: Pick<SecondFactorRequired, 'method' | 'methods'>,
  csrf_token: string,
): { response: Record<string, unknown>; page: string } {
  const { paths } = state.core;
  // twoFactorRequired and no method yet: the factor is set up first (upstream sends no tf_method).
  if (outcome.method === null) {
    return { response: { csrf_token, tf_required: true, tf_state: 'setup_from_login' }, page: paths.tfSetup };
  }
  if (outcome.method === SELECT_METHOD) {
    const response = { csrf_token, tf_required: true, tf_select: true, tf_setup_methods: outcome.methods };
    return { response, page: paths.tfSelect };
  }
  if (outcome.method === WEBAUTHN_METHOD) {
    const response = {
      csrf_token,
      tf_required: true,
      tf_state: 'ready',
      tf_method: WEBAUTHN_METHOD,
      tf_signin_url: paths.wanSignin,
    };
    return { response, page: paths.wanSignin };
  }
  const response = {
    csrf_token,
    tf_required: true,
    tf_state: 'ready',
    tf_primary_method: outcome.method,
    tf_method: outcome.method,
  };
  return { response, page: paths.tfValidate };
}

/** A 400 on `field` that sends a browser back to login with the message as a flash. */
function backToLogin(state: RequestState, field: string, message: string): Response {
  return respond(state, {
    status: 400,
    fieldErrors: [{ field, message }],
    redirect: state.core.paths.login,
    flash: [message],
  });
}

/**
 * Upstream's TWO_FACTOR_ERROR_VIEW answer to a second-factor step with no pending sign-in (or one
 * lost meanwhile); it changes nothing on the server.
 */
export function secondFactorNotAllowed(state: RequestState): Response {
  return backToLogin(state, '', MESSAGES.TWO_FACTOR_PERMISSION_DENIED);
}

/** Too many codes tried: the pending sign-in is gone, the browser starts again at login. */
export function secondFactorTooManyAttempts(state: RequestState): Response {
  return backToLogin(state, 'code', MESSAGES.TWO_FACTOR_TOO_MANY_ATTEMPTS);
}
