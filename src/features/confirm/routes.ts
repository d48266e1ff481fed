/**
 * GET/POST /confirm (ask for new instructions) and GET /confirm/<token> (the mailed link). A
 * browser following the link is always redirected, with a flash; a JSON caller gets the outcome
 * as JSON instead (Flask-Security redirects every caller).
 */
import { authenticate } from '../../auth/authenticate.js';
import { completeLogin } from '../../auth/complete-login.js';
import { endSession } from '../../auth/session.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { type FieldError, respond } from '../../http/responder.js';
import { humanDuration } from '../../human-duration.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { formCsrfError, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { parseConfirmRequest } from './schema.js';
import { type ConfirmOutcome, confirmWithToken, resendConfirmation } from './service.js';

async function confirmPage(state: RequestState, email: string, errors: readonly FieldError[]) {
  const { core } = state;
  const props = await formPageProps(state, { action: core.paths.confirm, errors, next: null });
  return () => core.views.sendConfirmation({ ...props, email });
}

async function getConfirm(state: RequestState): Promise<Response> {
  return showForm(state, await confirmPage(state, '', []));
}

async function postConfirm(state: RequestState): Promise<Response> {
  const { core } = state;
  const input = parseConfirmRequest(await state.body());
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await confirmPage(state, input.email, [error]));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  const generic = core.config.returnGenericResponses;
  const sent = async (): Promise<Response> =>
    respond(state, {
      status: 200,
      response: { csrf_token: await csrfTokenFor(state) },
      redirect: core.paths.confirm,
      flash: [formatMessage('CONFIRMATION_REQUEST', { email: input.email.trim() })],
    });
  // With generic responses every email problem answers as a sent request (as /reset and upstream).
  if (!input.ok) return generic ? sent() : failed({ field: 'email', message: input.message });
  const outcome = await resendConfirmation(core, input.email);
  if (outcome.status !== 'sent' && !generic) {
    const message =
      outcome.status === 'already-confirmed' ? MESSAGES.ALREADY_CONFIRMED : MESSAGES.USER_DOES_NOT_EXIST;
    return failed({ field: 'email', message });
  }
  return sent();
}

function refusal(core: SecurityCore, outcome: Exclude<ConfirmOutcome, { status: 'confirmed' }>): string {
  if (outcome.status === 'already-confirmed') return MESSAGES.ALREADY_CONFIRMED;
  if (outcome.status === 'expired') {
    return formatMessage('CONFIRMATION_EXPIRED', { within: humanDuration(core.config.confirmEmailWithin) });
  }
  return MESSAGES.INVALID_CONFIRMATION_TOKEN;
}

/**
 * As upstream: someone else signed in on this browser is signed out; the confirmed user is signed
 * in with autoLoginAfterConfirm (never when disabled). Returns the login time when signed in.
 */
async function settleSignIn(state: RequestState, user: User): Promise<number | null> {
  const current = await authenticate(state, ['session']);
  if (current?.user.id === user.id) return current.authenticatedAt;
  if (current) await endSession(state);
  if (!state.core.config.autoLoginAfterConfirm || !user.active) return null;
  const login = await completeLogin(state, user, { method: 'confirm', remember: false });
  // A user with two-factor is left at its validate step (pending), not signed in.
  if (login.status !== 'signed_in') return null;
  await setCsrfCookie(state);
  return login.authenticatedAt;
}

async function getConfirmToken(state: RequestState): Promise<Response> {
  const { core } = state;
  const token = state.url.pathname.slice(state.url.pathname.lastIndexOf('/') + 1);
  const outcome = await confirmWithToken(core, token);
  if (outcome.status !== 'confirmed') {
    const message = refusal(core, outcome);
    return respond(state, {
      status: 400,
      errors: [message],
      redirect: core.config.confirmErrorView ?? core.paths.confirm,
      flash: [message],
    });
  }
  const authenticatedAt = await settleSignIn(state, outcome.user);
  const signedIn = authenticatedAt !== null;
  return respond(state, {
    status: 200,
    response: signedIn ? await signedInPayload(state, outcome.user, authenticatedAt) : {},
    redirect: core.config.postConfirmView ?? (signedIn ? core.config.postLoginView : core.paths.login),
    flash: [MESSAGES.EMAIL_CONFIRMED],
  });
}

export function confirmRoutes(core: SecurityCore): Route[] {
  const path = core.paths.confirm;
  return [
    ...formRoutes(path, getConfirm, postConfirm),
    { method: 'GET', path: `${path}/:token`, handler: getConfirmToken },
  ];
}
