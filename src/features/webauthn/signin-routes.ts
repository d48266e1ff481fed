/**
 * /wan-signin and /wan-signin/<wan_state>: a key or passkey signs in (wanAllowAsFirstFactor, keys
 * of usage 'first'), or completes a pending sign-in as its second factor (keys of usage
 * 'secondary', only the pending user's). JSON answers are upstream's
 * {credential_options, wan_state, remember, is_secondary}; a browser gets the ceremony page.
 */
import { completeLogin } from '../../auth/complete-login.js';
import { findUserByIdentity } from '../../auth/password-check.js';
import { currentPendingLogin, type PendingLogin } from '../../auth/pending-login.js';
import { secondFactorMethods, WEBAUTHN_METHOD } from '../../auth/second-factors.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { stringField } from '../../http/body.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { beginAuthentication } from '../../webauthn/authentication.js';
import { formCsrfError, refuseSignedIn, resolveNext } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import type { Route } from '../route.js';
import { secondFactorRequiredAnswer } from '../second-factor-answer.js';
import { ceremonyProps } from './ceremony-page.js';
import { decoyCredentialId } from './decoy-credentials.js';
import { finishFirstFactor, finishSecondFactor, signedInAnswer, signinFailure } from './signin-finish.js';
import type { WebAuthnCeremony } from './views.js';

/** A pending sign-in waiting for a WebAuthn key (upstream's is_secondary). */
async function secondaryPending(state: RequestState): Promise<PendingLogin | null> {
  const pending = await currentPendingLogin(state);
  return pending?.record.method === WEBAUTHN_METHOD ? pending : null;
}

function notFound(state: RequestState): Response {
  return respond(state, { status: 404, errors: ['Not Found'] });
}

function remembered(state: RequestState, body: Awaited<ReturnType<RequestState['body']>>): boolean {
  const value = body.remember;
  if (value === undefined) return state.core.config.defaultRememberMe;
  return value === true || value === 'y' || value === 'true' || value === 'on';
}

async function signinPage(
  state: RequestState,
  fields: {
    pending: PendingLogin | null;
    identity: string;
    errors: readonly FieldError[];
    next: string | null;
    ceremony: WebAuthnCeremony | null;
  },
) {
  const { core } = state;
  const path = core.paths.wanSignin;
  const action = fields.next ? `${path}?next=${encodeURIComponent(fields.next)}` : path;
  const props = await formPageProps(state, { action, errors: fields.errors, next: fields.next });
  return () =>
    core.views.wanSignin({
      ...props,
      identityField: core.config.wanAllowUserHints && fields.pending === null,
      identity: fields.identity,
      rememberDefault: core.config.defaultRememberMe,
      isSecondary: fields.pending !== null,
      recovery: fields.pending && core.config.multiFactorRecoveryCodes ? core.paths.mfRecovery : null,
      ceremony: fields.ceremony,
    });
}

async function getSignin(state: RequestState): Promise<Response> {
  const pending = await secondaryPending(state);
  if (!pending && !state.core.config.wanAllowAsFirstFactor) return notFound(state);
  const refused = pending ? null : await refuseSignedIn(state);
  if (refused) return refused;
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  const response = { csrf_token: await csrfTokenFor(state), is_secondary: pending !== null };
  const page = await signinPage(state, { pending, identity: '', errors: [], next, ceremony: null });
  return showForm(state, page, { response });
}

async function postSignin(state: RequestState): Promise<Response> {
  const { core } = state;
  const pending = await secondaryPending(state);
  if (!pending && !core.config.wanAllowAsFirstFactor) return notFound(state);
  const refused = pending ? null : await refuseSignedIn(state);
  if (refused) return refused;
  const body = await state.body();
  const identity = stringField(body, 'identity')?.trim() ?? '';
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(
      state,
      [error],
      await signinPage(state, { pending, identity, errors: [error], next, ceremony: null }),
    );
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });

  const remember = pending ? pending.record.remember : remembered(state, body);
  const begun = pending
    ? // Upstream discourages UV for a second factor: the password was the first.
      await beginAuthentication(state, pending.user, {
        purpose: 'signin',
        usage: ['secondary'],
        data: { remember },
      })
    : await beginFirstFactor(state, identity, remember);
  const payload = {
    csrf_token: await csrfTokenFor(state),
    credential_options: begun.credentialOptions,
    wan_state: begun.wanState,
    remember,
    is_secondary: pending !== null,
  };
  const ceremony = await ceremonyProps(state, {
    action: `${core.paths.wanSignin}/${begun.wanState}`,
    kind: 'get',
    options: begun.credentialOptions,
    remember,
    next,
  });
  return showForm(state, await signinPage(state, { pending, identity, errors: [], next, ceremony }), {
    response: payload,
  });
}

/**
 * A first-factor sign-in. With an identity (wanAllowUserHints) its 'first' keys are listed, or a
 * decoy when it has none, so the answer looks the same for every identity. UV is required up
 * front when the hinted user has no other factor to fall back on (it is checked again at the end).
 */
async function beginFirstFactor(state: RequestState, identity: string, remember: boolean) {
  const { core } = state;
  const hinted = core.config.wanAllowUserHints && identity !== '';
  const found = hinted ? await findUserByIdentity(core, identity) : null;
  const user = found?.active ? found : null;
  const needsUV = user !== null && (await secondFactorMethods(core, user)).length === 0;
  const begun = await beginAuthentication(state, user, {
    purpose: 'signin',
    usage: ['first'],
    userVerification: needsUV ? 'required' : 'preferred',
    data: { remember },
  });
  const listed = begun.credentialOptions.allowCredentials ?? [];
  if (!hinted || listed.length > 0) return begun;
  const decoy = { id: decoyCredentialId(core, identity), type: 'public-key' as const };
  return { ...begun, credentialOptions: { ...begun.credentialOptions, allowCredentials: [decoy] } };
}

async function postSigninAnswer(state: RequestState): Promise<Response> {
  const { core } = state;
  const token = state.url.pathname.slice(core.paths.wanSignin.length + 1);
  const body = await state.body();
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const csrfError = await formCsrfError(state);
  if (csrfError) return signinFailure(state, csrfError);
  if (invalidNext) return signinFailure(state, { field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const credential = stringField(body, 'credential');

  const pending = await secondaryPending(state);
  if (pending) return finishSecondFactor(state, pending, token, credential, next);
  if (!core.config.wanAllowAsFirstFactor) return notFound(state);
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const outcome = await finishFirstFactor(state, token, credential);
  if ('error' in outcome) return signinFailure(state, outcome.error);
  const login = await completeLogin(state, outcome.user, {
    method: 'webauthn',
    remember: outcome.remember,
    secondFactorPassed: outcome.multiFactor,
  });
  if (login.status === 'tf_required') return secondFactorRequiredAnswer(state, login, next);
  return signedInAnswer(state, login.user, login.authenticatedAt, next);
}

export function signinRoutes(core: SecurityCore): Route[] {
  const path = core.paths.wanSignin;
  return [
    { method: 'GET', path, handler: getSignin },
    { method: 'POST', path, handler: postSignin },
    { method: 'POST', path: `${path}/:state`, handler: postSigninAnswer },
  ];
}
