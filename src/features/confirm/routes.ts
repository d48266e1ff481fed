/**
 * GET/POST /confirm (ask for new instructions) and GET/POST /confirm/<token> (the mailed link). A
 * browser following the link is redirected with a flash, or — on the first confirmation of an
 * account with a password — shown a form that sets it (service.ts says why); a JSON caller gets the
 * outcome as JSON instead (Flask-Security redirects every caller).
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
import { limitSend } from '../../ratelimit/limit-request.js';
import { formCsrfError, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { checkNewPasswordPair, parseNewPasswordPair } from '../new-password-pair.js';
import { formRoutes, type Route } from '../route.js';
import { parseConfirmRequest } from './schema.js';
import {
  type ConfirmRefusal,
  confirmWithToken,
  findConfirmationLink,
  resendConfirmation,
} from './service.js';

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
  await limitSend(state, input.email);
  const outcome = await resendConfirmation(core, input.email);
  if (outcome.status !== 'sent' && !generic) {
    const message =
      outcome.status === 'already-confirmed' ? MESSAGES.ALREADY_CONFIRMED : MESSAGES.USER_DOES_NOT_EXIST;
    return failed({ field: 'email', message });
  }
  return sent();
}

function refusal(core: SecurityCore, outcome: ConfirmRefusal): string {
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

function tokenOf(state: RequestState): string {
  return state.url.pathname.slice(state.url.pathname.lastIndexOf('/') + 1);
}

/**
 * The page's URL holds the token: never send it to another site in a Referer. Not no-referrer:
 * under it a browser posts the page's form with `Origin: null`, which the origin check refuses.
 */
const NO_REFERRER = { 'Referrer-Policy': 'same-origin' };

function refused(state: RequestState, outcome: ConfirmRefusal): Response {
  const { core } = state;
  const message = refusal(core, outcome);
  return respond(state, {
    status: 400,
    errors: [message],
    redirect: core.config.confirmErrorView ?? core.paths.confirm,
    flash: [message],
    headers: NO_REFERRER,
  });
}

async function confirmed(state: RequestState, user: User): Promise<Response> {
  const { core } = state;
  const authenticatedAt = await settleSignIn(state, user);
  const signedIn = authenticatedAt !== null;
  return respond(state, {
    status: 200,
    response: signedIn ? await signedInPayload(state, user, authenticatedAt) : {},
    redirect: core.config.postConfirmView ?? (signedIn ? core.config.postLoginView : core.paths.login),
    flash: [MESSAGES.EMAIL_CONFIRMED],
    headers: NO_REFERRER,
  });
}

async function passwordPage(
  state: RequestState,
  token: string,
  email: string,
  errors: readonly FieldError[],
) {
  const { core } = state;
  const action = `${core.paths.confirm}/${encodeURIComponent(token)}`;
  const props = await formPageProps(state, { action, errors, next: null });
  return () => core.views.confirmPassword({ ...props, email });
}

async function getConfirmToken(state: RequestState): Promise<Response> {
  const { core } = state;
  const token = tokenOf(state);
  const caller = await authenticate(state, ['session']);
  const outcome = await confirmWithToken(core, token, { signedInUserId: caller?.user.id ?? null });
  if (outcome.status === 'password-required') {
    // Nothing is confirmed yet: the link's holder chooses the password (POST below).
    await setCsrfCookie(state);
    return showForm(state, await passwordPage(state, token, outcome.user.email, []), {
      response: { csrf_token: await csrfTokenFor(state), password_required: true },
      headers: NO_REFERRER,
    });
  }
  if (outcome.status !== 'confirmed') return refused(state, outcome);
  return confirmed(state, outcome.user);
}

/** The password form of a first confirmation: sets the password, confirms, ends every other sign-in. */
async function postConfirmToken(state: RequestState): Promise<Response> {
  const { core } = state;
  const token = tokenOf(state);
  const input = parseNewPasswordPair(await state.body());
  const link = await findConfirmationLink(core, token);
  if (link.status !== 'valid') return refused(state, link);
  const failed = async (errors: readonly FieldError[]): Promise<Response> =>
    formFailure(state, errors, await passwordPage(state, token, link.user.email, errors), {
      headers: NO_REFERRER,
    });

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed([csrfError]);
  const policy = await checkNewPasswordPair(state, input, link.user);
  if (!policy.ok) return failed(policy.errors);
  const newPasswordHash = await core.hasher.hash(policy.normalized);
  const outcome = await confirmWithToken(core, token, { newPasswordHash });
  if (outcome.status === 'password-required')
    throw new Error('a confirmation with a new password asked for one');
  if (outcome.status !== 'confirmed') return refused(state, outcome);
  return confirmed(state, outcome.user);
}

export function confirmRoutes(core: SecurityCore): Route[] {
  const path = core.paths.confirm;
  return [
    ...formRoutes(path, getConfirm, postConfirm),
    { method: 'GET', path: `${path}/:token`, handler: getConfirmToken },
    { method: 'POST', path: `${path}/:token`, handler: postConfirmToken },
  ];
}
