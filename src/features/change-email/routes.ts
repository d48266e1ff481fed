/**
 * /change-email (GET form, POST request) and /change-email/<token> (the mailed link), as JSON
 * (Flask-Security's wire format) and as HTML. Both /change-email methods need a fresh sign-in.
 */
import type { Identity, RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { humanDuration } from '../../human-duration.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { limitSend } from '../../ratelimit/limit-request.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { parseChangeEmailInput } from './schema.js';
import { confirmEmailChange, requestEmailChange } from './service.js';

async function changeEmailPage(
  state: RequestState,
  identity: Identity,
  errors: readonly FieldError[],
  email = '',
) {
  const { core } = state;
  const props = await formPageProps(state, { action: core.paths.changeEmail, errors, next: null });
  return () => core.views.changeEmail({ ...props, currentEmail: identity.user.email, email });
}

/** Upstream's payload: the form's csrf_token, the (empty) user payload and the current address. */
async function payload(state: RequestState, identity: Identity): Promise<Record<string, unknown>> {
  return { csrf_token: await csrfTokenFor(state), current_email: identity.user.email, user: {} };
}

async function getChangeEmail(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const response = await payload(state, identity);
  return showForm(state, await changeEmailPage(state, identity, []), { response });
}

async function postChangeEmail(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const input = parseChangeEmailInput(await state.body());
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await changeEmailPage(state, identity, [error], input.typed));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (!input.ok) return failed({ field: 'email', message: input.message });
  await limitSend(state, input.value);
  const result = await requestEmailChange(core, identity.user, input.value);
  if (!result.ok) return failed(result.error);
  return respond(state, {
    status: 200,
    response: await payload(state, identity),
    redirect: core.paths.changeEmail,
    flash: [formatMessage('CHANGE_EMAIL_SENT', { email: input.value })],
  });
}

/** The token is in the URL: keep it out of Referer headers. */
const NO_REFERRER = { 'Referrer-Policy': 'no-referrer' };

/** The link from the mail: always a redirect for browsers, a plain answer for JSON callers. */
async function confirmChangeEmail(state: RequestState): Promise<Response> {
  const { core } = state;
  const base = core.paths.changeEmail;
  const token = state.url.pathname.slice(base.length + 1);
  const result = await confirmEmailChange(core, token);
  if (result.status === 'changed') {
    return respond(state, {
      status: 200,
      response: {},
      redirect: core.config.postChangeEmailView ?? core.config.postLoginView,
      flash: [MESSAGES.CHANGE_EMAIL_CONFIRMED],
      headers: NO_REFERRER,
    });
  }
  const message =
    result.status === 'expired'
      ? formatMessage('CHANGE_EMAIL_EXPIRED', { within: humanDuration(core.config.changeEmailWithin) })
      : MESSAGES.INVALID_CHANGE_EMAIL_TOKEN;
  return respond(state, {
    status: 400,
    errors: [message],
    redirect: base,
    flash: [message],
    headers: NO_REFERRER,
  });
}

export function changeEmailRoutes(core: SecurityCore): Route[] {
  const path = core.paths.changeEmail;
  return [
    ...formRoutes(path, getChangeEmail, postChangeEmail),
    { method: 'GET', path: `${path}/:token`, handler: confirmChangeEmail },
  ];
}
