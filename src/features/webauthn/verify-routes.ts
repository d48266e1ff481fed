/**
 * /wan-verify and /wan-verify/<wan_state> (wanAllowAsVerify): re-authentication with a key moves
 * the session's fs_paa to now, as /verify does with the password. The state is bound to the
 * signed-in user, and only that user's keys of the allowed usages count.
 */
import type { Identity, RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { WebAuthnUsage } from '../../datastore/webauthn-types.js';
import { stringField } from '../../http/body.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { beginAuthentication, finishAuthentication } from '../../webauthn/authentication.js';
import { formCsrfError, requireCaller, resolveNext } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { answerReauthenticated } from '../reauthenticated.js';
import type { Route } from '../route.js';
import { ceremonyProps, refusalError } from './ceremony-page.js';
import type { WebAuthnCeremony } from './views.js';

function verifyUsages(state: RequestState): readonly WebAuthnUsage[] {
  return state.core.config.wanAllowAsVerify as readonly WebAuthnUsage[];
}

async function verifyPage(
  state: RequestState,
  identity: Identity,
  fields: { errors: readonly FieldError[]; next: string | null; ceremony: WebAuthnCeremony | null },
) {
  const path = state.core.paths.wanVerify;
  const action = fields.next ? `${path}?next=${encodeURIComponent(fields.next)}` : path;
  const props = await formPageProps(state, { action, errors: fields.errors, next: fields.next });
  return () =>
    state.core.views.wanVerify({ ...props, email: identity.user.email, ceremony: fields.ceremony });
}

function disabled(state: RequestState): Response | null {
  return verifyUsages(state).length === 0 ? respond(state, { status: 404, errors: ['Not Found'] }) : null;
}

async function getVerify(state: RequestState): Promise<Response> {
  const off = disabled(state);
  if (off) return off;
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  const page = await verifyPage(state, identity, { errors: [], next, ceremony: null });
  return showForm(state, page, { response: { csrf_token: await csrfTokenFor(state) } });
}

async function postVerify(state: RequestState): Promise<Response> {
  const off = disabled(state);
  if (off) return off;
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const body = await state.body();
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await verifyPage(state, identity, { errors: [error], next, ceremony: null }));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const usages = verifyUsages(state);
  // Upstream's UV: discouraged when secondary keys may verify, preferred otherwise (the default).
  const begun = await beginAuthentication(state, identity.user, { purpose: 'verify', usage: usages });
  const ceremony = await ceremonyProps(state, {
    action: `${state.core.paths.wanVerify}/${begun.wanState}`,
    kind: 'get',
    options: begun.credentialOptions,
    remember: false,
    next,
  });
  const response = {
    csrf_token: await csrfTokenFor(state),
    credential_options: begun.credentialOptions,
    wan_state: begun.wanState,
  };
  return showForm(state, await verifyPage(state, identity, { errors: [], next, ceremony }), { response });
}

async function postVerifyAnswer(state: RequestState): Promise<Response> {
  const { core } = state;
  const off = disabled(state);
  if (off) return off;
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const token = state.url.pathname.slice(core.paths.wanVerify.length + 1);
  const body = await state.body();
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const refuse = (error: FieldError): Response =>
    respond(state, {
      status: 400,
      fieldErrors: [error],
      redirect: core.paths.wanVerify,
      flash: [error.message],
    });
  const csrfError = await formCsrfError(state);
  if (csrfError) return refuse(csrfError);
  if (invalidNext) return refuse({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const result = await finishAuthentication(
    state,
    { wanState: token, credential: stringField(body, 'credential') ?? '' },
    { purpose: 'verify', userId: identity.user.id },
  );
  if (!result.ok) return refuse(refusalError(result));
  return answerReauthenticated(state, identity, { next, flash: [MESSAGES.REAUTHENTICATION_SUCCESSFUL] });
}

export function verifyRoutes(core: SecurityCore): Route[] {
  const path = core.paths.wanVerify;
  return [
    { method: 'GET', path, handler: getVerify },
    { method: 'POST', path, handler: postVerify },
    { method: 'POST', path: `${path}/:state`, handler: postVerifyAnswer },
  ];
}
