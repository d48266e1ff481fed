/**
 * /us-verify and /us-verify/send-code: re-authentication by any method the signed-in user has set
 * up (password, a mailed or texted code, the authenticator). Success moves the session's
 * primary-authentication time (fs_paa) to now, as /verify does. Codes sent here carry no link and
 * complete only a re-authentication, in the browser that asked.
 */
import type { Identity, RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { hasWebAuthnVerifyCredential } from '../../webauthn/verify-credential.js';
import { formCsrfError, requireCaller, resolveNext } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { answerReauthenticated } from '../reauthenticated.js';
import { activeUsCodeMethods, loadUsMethods } from './methods.js';
import { browserBinding } from './signin-browser.js';
import { withNext } from './signin-page.js';
import { matchPasscode } from './signin-passcode.js';
import { isCodeMethod, parseUsInput } from './signin-schema.js';
import { sendUsCode } from './signin-send.js';
import { chosenMethodError, tooSoon } from './signin-send-routes.js';

async function userCodeMethods(state: RequestState, identity: Identity): Promise<string[]> {
  const { profile } = await loadUsMethods(state.core, identity.user);
  return activeUsCodeMethods(state.core.config, identity.user, profile);
}

async function verifyPayload(state: RequestState, identity: Identity): Promise<Record<string, unknown>> {
  return {
    available_methods: state.core.config.usEnabledMethods,
    code_methods: await userCodeMethods(state, identity),
    csrf_token: await csrfTokenFor(state),
    has_webauthn_verify_credential: await hasWebAuthnVerifyCredential(state.core, identity.user),
  };
}

async function verifyPage(
  state: RequestState,
  identity: Identity,
  options: { errors: readonly FieldError[]; next: string | null; chosenMethod?: string; notice?: string },
) {
  const { core } = state;
  const { next } = options;
  const props = await formPageProps(state, {
    action: withNext(core.paths.usVerify, next),
    errors: options.errors,
    next,
  });
  const codeMethods = await userCodeMethods(state, identity);
  return () =>
    core.views.usVerify({
      ...props,
      email: identity.user.email,
      codeMethods,
      chosenMethod: options.chosenMethod ?? null,
      sendCodeAction: withNext(core.paths.usVerifySendCode, next),
      notice: options.notice ?? null,
    });
}

async function getVerify(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  const page = await verifyPage(state, identity, { errors: [], next });
  return showForm(state, page, { response: await verifyPayload(state, identity) });
}

async function postVerify(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const body = await state.body();
  const input = parseUsInput(body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await verifyPage(state, identity, { errors: [error], next }));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const invalid = { field: 'passcode', message: MESSAGES.INVALID_PASSWORD_CODE };
  if (input.passcode === undefined) return failed(invalid);
  const { user } = identity;
  const { profile, active } = await loadUsMethods(core, user);
  const binding = await browserBinding(state);
  const method = await matchPasscode(core, user, input.passcode, {
    flow: 'verify',
    binding,
    profile,
    active,
  });
  if (method === null) return failed(invalid);
  return answerReauthenticated(state, identity, { next, flash: [MESSAGES.REAUTHENTICATION_SUCCESSFUL] });
}

async function postVerifySendCode(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const body = await state.body();
  const input = parseUsInput(body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const page = (options: { errors?: FieldError[]; notice?: string }) =>
    verifyPage(state, identity, {
      errors: options.errors ?? [],
      next,
      chosenMethod: input.chosenMethod,
      notice: options.notice,
    });
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await page({ errors: [error] }));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const chosen = input.chosenMethod;
  const methodError = chosenMethodError(state, chosen);
  if (methodError || chosen === undefined || !isCodeMethod(chosen)) {
    return failed(methodError ?? { field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE });
  }
  const outcome = await sendUsCode(state, identity.user, { flow: 'verify', method: chosen });
  if (outcome.status === 'refused') return failed(outcome.error);
  if (outcome.status === 'too_soon') return tooSoon(state, outcome.retryAfterSeconds, await page({}));
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state) },
    html: await page({ notice: MESSAGES.CODE_HAS_BEEN_SENT }),
  });
}

export const verifyHandlers = { show: getVerify, submit: postVerify, sendCode: postVerifySendCode };
