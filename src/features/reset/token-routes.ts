/**
 * GET/POST /reset/<token>: the page a reset mail links to, and setting the new password. Open to
 * anyone holding a live link (newer upstream). Refused links: JSON gets a 400 with a form-level
 * error, a browser is sent back to /reset with the message (no new mail is sent, as upstream 5.3+).
 */
import { completeLogin } from '../../auth/complete-login.js';
import type { RequestState } from '../../context.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { formCsrfError, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { checkNewPasswordPair, parseNewPasswordPair } from '../new-password-pair.js';
import { secondFactorRequiredAnswer } from '../second-factor-answer.js';
import { completePasswordReset, findResetLink } from './service.js';

/**
 * The page's URL holds the token: never send it to another site in a Referer. Not no-referrer:
 * under it a browser posts the page's form with `Origin: null`, which the origin check refuses.
 */
const HEADERS = { 'Referrer-Policy': 'same-origin' };

function tokenOf(state: RequestState): string {
  const path = state.url.pathname;
  return path.slice(path.lastIndexOf('/') + 1);
}

async function resetPage(state: RequestState, token: string, errors: readonly FieldError[]) {
  const { core } = state;
  const action = `${core.paths.reset}/${encodeURIComponent(token)}`;
  const props = await formPageProps(state, { action, errors, next: null });
  return () => core.views.resetPassword(props);
}

async function refusedLink(state: RequestState, message: string): Promise<Response> {
  return respond(state, {
    status: 400,
    fieldErrors: [{ field: '', message }],
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: state.core.paths.reset,
    flash: [message],
    headers: HEADERS,
  });
}

export async function getReset(state: RequestState): Promise<Response> {
  const token = tokenOf(state);
  const link = await findResetLink(state.core, token);
  if (!link.ok) return refusedLink(state, link.message);
  return showForm(state, await resetPage(state, token, []), { headers: HEADERS });
}

export async function postReset(state: RequestState): Promise<Response> {
  const { core } = state;
  const token = tokenOf(state);
  const input = parseNewPasswordPair(await state.body());
  const failed = async (errors: readonly FieldError[]): Promise<Response> =>
    formFailure(state, errors, await resetPage(state, token, errors), { headers: HEADERS });

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed([csrfError]);
  const link = await findResetLink(core, token);
  if (!link.ok) return refusedLink(state, link.message);
  const policy = await checkNewPasswordPair(state, input, link.user);
  if (!policy.ok) return failed(policy.errors);

  const user = await completePasswordReset(core, link, policy.normalized);
  if (!user) return refusedLink(state, MESSAGES.INVALID_RESET_PASSWORD_TOKEN);
  // The owner proved the mailbox: guesses made at the account from elsewhere no longer delay them.
  for (const identity of [user.email, user.username]) {
    if (identity) await core.rateLimiter.forgive('password', identity);
  }
  if (!core.config.autoLoginAfterReset) {
    return respond(state, {
      status: 200,
      response: {},
      redirect: core.config.postResetView ?? core.paths.login,
      flash: [MESSAGES.PASSWORD_RESET_NO_LOGIN],
      headers: HEADERS,
    });
  }
  const login = await completeLogin(state, user, { method: 'reset', remember: false });
  // A reset proves the mailbox, not the second factor: a two-factor user still needs it.
  if (login.status === 'tf_required') return secondFactorRequiredAnswer(state, login, null);
  await setCsrfCookie(state);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, login.user, login.authenticatedAt),
    redirect: core.config.postResetView ?? core.config.postLoginView,
    flash: [MESSAGES.PASSWORD_RESET],
    headers: HEADERS,
  });
}
