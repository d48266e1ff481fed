/**
 * /wan-register: a fresh signed-in user lists their keys (GET) and starts a registration (POST
 * name and usage → upstream's {credential_options, wan_state}); /wan-register/<wan_state> takes
 * the browser's answer (`credential`, a JSON string), stores the key, mails a notice. The state is
 * single-use, this user's and this browser's (src/webauthn/wan-state.ts).
 */
import type { Identity, RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { type FieldError, respond } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { formatMessage } from '../../messages.js';
import { beginRegistration, finishRegistration } from '../../webauthn/registration.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { ceremonyProps } from './ceremony-page.js';
import { registeredCredential } from './credential-list.js';
import { webauthnNoticeMail } from './emails.js';
import { parseCredentialField, parseCredentialName, parseUsage } from './schema.js';
import type { WebAuthnCeremony } from './views.js';

async function registerPage(
  state: RequestState,
  user: User,
  fields: { errors: readonly FieldError[]; name: string; ceremony: WebAuthnCeremony | null },
) {
  const { core } = state;
  const props = await formPageProps(state, {
    action: core.paths.wanRegister,
    errors: fields.errors,
    next: null,
  });
  const credentials = (await core.datastore.listWebAuthnCredentials(user.id)).map(registeredCredential);
  return () =>
    core.views.wanRegister({
      ...props,
      credentials,
      name: fields.name,
      allowFirst: core.config.wanAllowAsFirstFactor,
      deleteAction: core.paths.wanDelete,
      ceremony: fields.ceremony,
    });
}

async function getRegister(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const credentials = await state.core.datastore.listWebAuthnCredentials(identity.user.id);
  const response = {
    csrf_token: await csrfTokenFor(state),
    registered_credentials: credentials.map(registeredCredential),
  };
  const page = await registerPage(state, identity.user, { errors: [], name: '', ceremony: null });
  return showForm(state, page, { response });
}

async function postRegister(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const body = await state.body();
  const typed = typeof body.name === 'string' ? body.name : '';
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(
      state,
      [error],
      await registerPage(state, identity.user, { errors: [error], name: typed, ceremony: null }),
    );
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  const name = parseCredentialName(core.config, body);
  if (!name.ok) return failed(name.error);
  const usage = parseUsage(core.config, body);
  if (!usage.ok) return failed(usage.error);
  const existing = await core.datastore.listWebAuthnCredentials(identity.user.id);
  if (existing.some((cred) => cred.name === name.value)) {
    return failed({ field: 'name', message: formatMessage('WEBAUTHN_NAME_INUSE', { name: name.value }) });
  }
  const started = await beginRegistration(state, identity.user, { name: name.value, usage: usage.value });
  const ceremony = await ceremonyProps(state, {
    action: `${core.paths.wanRegister}/${started.wanState}`,
    kind: 'create',
    options: started.credentialOptions,
    remember: false,
    next: null,
  });
  const response = {
    csrf_token: await csrfTokenFor(state),
    credential_options: started.credentialOptions,
    wan_state: started.wanState,
  };
  const page = await registerPage(state, identity.user, { errors: [], name: name.value, ceremony });
  return showForm(state, page, { response });
}

function stateOf(state: RequestState): string {
  const path = state.url.pathname;
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A refused answer: JSON callers get the 400 envelope; the auto-submitted page goes back with a flash. */
function registerFailure(state: RequestState, error: { field: string | null; message: string }): Response {
  return respond(state, {
    status: 400,
    ...(error.field === null
      ? { errors: [error.message] }
      : { fieldErrors: [{ field: error.field, message: error.message }] }),
    redirect: state.core.paths.wanRegister,
    flash: [error.message],
  });
}

async function postRegisterResponse(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity: Identity | Response = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const csrfError = await formCsrfError(state);
  if (csrfError) return registerFailure(state, csrfError);
  const credential = parseCredentialField(await state.body());
  if (!credential.ok) return registerFailure(state, credential.error);
  const result = await finishRegistration(state, identity.user, {
    wanState: stateOf(state),
    credential: credential.value,
  });
  if (!result.ok) return registerFailure(state, result);
  const { name } = result.credential;
  await queueMail(core, core.datastore, webauthnNoticeMail(core, 'webauthn-registered', identity.user, name));
  core.mailWorker.kick();
  core.events.emit('wanRegistered', { user: identity.user, name });
  const message = formatMessage('WEBAUTHN_REGISTER_SUCCESSFUL', { name });
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: core.config.wanPostRegisterView ?? core.paths.wanRegister,
    flash: [message],
  });
}

export function registerRoutes(core: SecurityCore): Route[] {
  return [
    ...formRoutes(core.paths.wanRegister, getRegister, postRegister),
    { method: 'POST', path: `${core.paths.wanRegister}/:state`, handler: postRegisterResponse },
  ];
}
