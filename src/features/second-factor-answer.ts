/**
 * The answer to a correct first factor that still needs a second (any sign-in path: /login, reset,
 * later unified sign-in). JSON gets Flask-Security's tf_required envelope with no `user` and no
 * token, whatever ?include_auth_token says; a browser goes to the validate page with its `next`.
 */
import type { SecondFactorRequired } from '../auth/complete-login.js';
import type { RequestState } from '../context.js';
import { csrfTokenFor } from '../csrf/csrf-token.js';
import { respond } from '../http/responder.js';
import { MESSAGES } from '../messages.js';

export async function secondFactorRequiredAnswer(
  state: RequestState,
  outcome: SecondFactorRequired,
  next: string | null,
): Promise<Response> {
  const { paths } = state.core;
  const csrf_token = await csrfTokenFor(state);
  // twoFactorRequired and no method yet: the factor is set up first (upstream sends no tf_method).
  const response =
    outcome.method === null
      ? { csrf_token, tf_required: true, tf_state: 'setup_from_login' }
      : {
          csrf_token,
          tf_required: true,
          tf_state: 'ready',
          tf_primary_method: outcome.method,
          tf_method: outcome.method,
        };
  const page = outcome.method === null ? paths.tfSetup : paths.tfValidate;
  // `next` was validated by the caller; it is carried, encoded, for tf-validate to check again.
  return respond(state, {
    status: 200,
    response,
    redirect: next ? `${page}?next=${encodeURIComponent(next)}` : page,
  });
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
