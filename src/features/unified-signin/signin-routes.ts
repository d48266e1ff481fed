/**
 * GET and POST /us-signin: one form for a password, a mailed or texted code, or an authenticator
 * code (JSON wire-compatible with Flask-Security 5.1.2, and an HTML form). A correct passcode ends
 * in completeLogin; the method that matched decides, through usMfaRequired, whether a user with a
 * second factor must still give it. Unlike 5.1.2, "disabled" and "unconfirmed" are told only after
 * a correct passcode, and a code works once, in the browser that asked for it.
 */
import { authenticate } from '../../auth/authenticate.js';
import { completeLogin } from '../../auth/complete-login.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import type { User } from '../../datastore/types.js';
import type { LoginMethod } from '../../events.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitSecretCheck } from '../../ratelimit/limit-request.js';
import { formCsrfError, resolveNext, signedInPayload } from '../form-helpers.js';
import { formFailure, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { secondFactorRequiredAnswer } from '../second-factor-answer.js';
import { linkRoutes } from './link-routes.js';
import { loadUsMethods, usMfaRequired } from './methods.js';
import { browserBinding } from './signin-browser.js';
import { signinPage, signinPayload } from './signin-page.js';
import { matchPasscode } from './signin-passcode.js';
import { isCodeMethod, parseUsInput } from './signin-schema.js';
import { sendCodeHandler } from './signin-send-routes.js';
import { findSigninUser } from './signin-user.js';
import { verifyHandlers } from './verify-routes.js';

/** userAuthenticated's method for each unified sign-in method. */
const US_LOGIN_METHODS: Readonly<Record<string, LoginMethod>> = {
  password: 'us-password',
  email: 'us-email',
  sms: 'us-sms',
  authenticator: 'us-authenticator',
};

async function getSignin(state: RequestState): Promise<Response> {
  const { core } = state;
  if (await authenticate(state, ['token', 'session'])) {
    return respond(state, {
      status: 200,
      response: await signinPayload(state),
      redirect: core.config.postLoginView,
    });
  }
  const next = core.safeRedirect(state.url.searchParams.get('next'));
  await setCsrfCookie(state);
  const page = await signinPage(state, { identity: '', errors: [], next });
  return showForm(state, page, { response: await signinPayload(state) });
}

/** The refusal of a wrong identity or passcode: upstream's field errors, or one generic error. */
function refusal(state: RequestState, error: FieldError): FieldError {
  if (!state.core.config.returnGenericResponses) return error;
  return { field: '', message: MESSAGES.GENERIC_AUTHN_FAILED };
}

/** Refusals where a passcode was compared (or an unknown identity tried, which must look the same). */
const GUESSES: ReadonlySet<string> = new Set(['USER_DOES_NOT_EXIST', 'INVALID_PASSWORD_CODE']);

/** The user the identity and passcode sign in, with the method that matched, or the refusal. */
async function checkSignin(
  state: RequestState,
  identity: string,
  passcode: string,
): Promise<{ user: User; method: string } | { error: FieldError; reason: string }> {
  const { core } = state;
  const user = await findSigninUser(core, identity);
  if (!user) {
    // A full hash verification, so an unknown identity costs what a wrong password does.
    await core.hasher.verifyDummy(core.passwordUtil.normalize(passcode));
    return {
      error: { field: 'identity', message: MESSAGES.US_SPECIFY_IDENTITY },
      reason: 'USER_DOES_NOT_EXIST',
    };
  }
  const { profile, active } = await loadUsMethods(core, user);
  const binding = await browserBinding(state);
  const method = await matchPasscode(core, user, passcode, { flow: 'signin', binding, profile, active });
  if (method === null) {
    return {
      error: { field: 'passcode', message: MESSAGES.INVALID_PASSWORD_CODE },
      reason: 'INVALID_PASSWORD_CODE',
    };
  }
  if (isConfirmationMissing(core, user)) {
    return {
      error: { field: 'identity', message: MESSAGES.CONFIRMATION_REQUIRED },
      reason: 'CONFIRMATION_REQUIRED',
    };
  }
  if (!user.active)
    return { error: { field: 'identity', message: MESSAGES.DISABLED_ACCOUNT }, reason: 'DISABLED_ACCOUNT' };
  return { user, method };
}

async function postSignin(state: RequestState): Promise<Response> {
  const { core } = state;
  if (await authenticate(state, ['token', 'session'])) {
    const { target } = resolveNext(state, {});
    return respond(state, {
      status: 400,
      errors: [MESSAGES.ANONYMOUS_USER_REQUIRED],
      redirect: target ?? core.config.postLoginView,
    });
  }
  const body = await state.body();
  const input = parseUsInput(body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> => {
    const page = await signinPage(state, { identity: input.identity ?? '', errors: [error], next });
    return formFailure(state, [error], page);
  };
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  if (input.identity === undefined)
    return failed({ field: 'identity', message: MESSAGES.IDENTITY_NOT_PROVIDED });
  if (input.chosenMethod !== undefined && !isCodeMethod(input.chosenMethod)) {
    return failed({ field: 'chosen_method', message: MESSAGES.US_CHOICE_INVALID });
  }
  if (input.passcode === undefined)
    return failed(refusal(state, { field: 'passcode', message: MESSAGES.INVALID_PASSWORD_CODE }));

  // Counted before the passcode is compared (with /login's: one budget of guesses per account).
  const limit = await limitSecretCheck(state, { scope: 'password', identity: input.identity });
  const checked = await checkSignin(state, input.identity, input.passcode);
  await ('error' in checked && GUESSES.has(checked.reason) ? limit.failed() : limit.succeeded());
  if ('error' in checked) {
    core.events.emit('loginFailed', { identity: input.identity, reason: checked.reason });
    return failed(refusal(state, checked.error));
  }
  const { user, method } = checked;
  // The mail that carried this code also carried a link: one mail signs in once.
  if (method === 'email') await core.datastore.deleteUserLinkTokens(user.id, 'us-signin');
  const login = await completeLogin(state, user, {
    method: US_LOGIN_METHODS[method] ?? 'us-password',
    remember: input.remember ?? core.config.defaultRememberMe,
    secondFactorPassed: !usMfaRequired(core.config, method),
  });
  if (login.status === 'tf_required') return secondFactorRequiredAnswer(state, login, next);
  await setCsrfCookie(state);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, login.user, login.authenticatedAt),
    redirect: next ?? core.config.postLoginView,
  });
}

/** Every route of this part of unified sign-in: sign-in, send-code, verify and the magic link. */
export function usSigninRoutes(core: SecurityCore): Route[] {
  const { paths } = core;
  return [
    ...formRoutes(paths.usSignin, getSignin, postSignin),
    { method: 'POST', path: paths.usSigninSendCode, handler: sendCodeHandler },
    ...formRoutes(paths.usVerify, verifyHandlers.show, verifyHandlers.submit),
    { method: 'POST', path: paths.usVerifySendCode, handler: verifyHandlers.sendCode },
    ...linkRoutes(core),
  ];
}
