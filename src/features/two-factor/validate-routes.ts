/**
 * GET and POST /tf-validate: the code that completes a pending sign-in (JSON and form). Unlike
 * Flask-Security 5.1.2, a wrong state answers 400 with no side effect (upstream throws the pending
 * sign-in away, or signs the user out), the pending sign-in allows twoFactorMaxAttempts codes, the
 * `next` is checked by the same validator as /login, and ?include_auth_token is honoured.
 */
import { completeLogin } from '../../auth/complete-login.js';
import {
  abandonPendingLogin,
  claimPendingLogin,
  currentPendingLogin,
  type PendingLogin,
  SETUP_FROM_LOGIN,
  takePendingAttempt,
} from '../../auth/pending-login.js';
import { setTwoFactorValidityCookie } from '../../auth/two-factor-validity.js';
import type { RequestState } from '../../context.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitSecretCheck } from '../../ratelimit/limit-request.js';
import { formCsrfError, resolveNext, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { secondFactorNotAllowed, secondFactorTooManyAttempts } from '../second-factor-answer.js';
import { recoveryOptions } from './rescue-options.js';
import { parseCode } from './schema.js';
import { verifySecondFactor } from './service.js';
import { completeSetup, currentSetup, storeFactorFromLogin, verifySetupFromLogin } from './setup-state.js';

export async function validatePage(state: RequestState, errors: readonly FieldError[], next: string | null) {
  const path = state.core.paths.tfValidate;
  const action = next ? `${path}?next=${encodeURIComponent(next)}` : path;
  const props = await formPageProps(state, { action, errors, next });
  const pending = await currentPendingLogin(state);
  const rescue = pending
    ? { action: state.core.paths.tfRescue, options: Object.keys(await recoveryOptions(state, pending.user)) }
    : null;
  return () => state.core.views.twoFactorValidate({ ...props, rescue });
}

async function getValidate(state: RequestState): Promise<Response> {
  const pending = await currentPendingLogin(state);
  if (!pending && !(await currentSetup(state))) return secondFactorNotAllowed(state);
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  const response = {
    csrf_token: await csrfTokenFor(state),
    ...(pending ? { recovery_options: await recoveryOptions(state, pending.user) } : {}),
    user: {},
  };
  return showForm(state, await validatePage(state, [], next), { response });
}

async function postValidate(state: RequestState): Promise<Response> {
  const body = await state.body();
  const code = parseCode(body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await validatePage(state, [error], next));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });

  const pending = await currentPendingLogin(state);
  if (!pending) {
    const setup = await currentSetup(state);
    return setup ? completeSetup(state, setup, code) : secondFactorNotAllowed(state);
  }
  if (code === undefined) return failed({ field: 'code', message: MESSAGES.TWO_FACTOR_CODE_REQUIRED });
  return completePendingLogin(state, pending, code, next);
}

async function completePendingLogin(
  state: RequestState,
  pending: PendingLogin,
  code: string,
  next: string | null,
): Promise<Response> {
  const { core } = state;
  // The attempt is taken before any comparison, so the cap holds however many codes arrive at once.
  const attempt = await takePendingAttempt(state, pending);
  if (!attempt.ok) return secondFactorTooManyAttempts(state);
  // Across pending sign-ins too: a new password sign-in does not buy more guesses at codes.
  const limit = await limitSecretCheck(state, { scope: 'code', identity: `user:${pending.user.id}` });
  const fromLogin = pending.record.method === SETUP_FROM_LOGIN;
  const method = fromLogin
    ? await verifySetupFromLogin(state, pending.user, code)
    : (await verifySecondFactor(core, pending.user, pending.record.method, code))
      ? pending.record.method
      : null;
  const valid = method !== null;
  await (valid ? limit.succeeded() : limit.failed());
  if (!valid && attempt.last) {
    await abandonPendingLogin(state);
    return secondFactorTooManyAttempts(state);
  }
  const invalid = { field: 'code', message: MESSAGES.TWO_FACTOR_INVALID_TOKEN };
  if (!valid) return formFailure(state, [invalid], await validatePage(state, [invalid], next));
  // Single use: of two requests racing with the same good code, one claims the sign-in.
  if (!(await claimPendingLogin(state, pending))) return secondFactorNotAllowed(state);

  const user = fromLogin ? await storeFactorFromLogin(state, pending.user, method) : pending.user;
  const login = await completeLogin(state, user, {
    method: 'two-factor',
    remember: pending.record.remember,
    secondFactorPassed: true,
  });
  if (login.status !== 'signed_in') return secondFactorNotAllowed(state);
  core.events.emit('tfCodeConfirmed', { user: login.user, method });
  if (pending.record.remember && !core.config.twoFactorAlwaysValidate) {
    setTwoFactorValidityCookie(state, login.user);
  }
  await setCsrfCookie(state);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, login.user, login.authenticatedAt),
    redirect: next ?? core.config.postLoginView,
    flash: [MESSAGES.TWO_FACTOR_LOGIN_SUCCESSFUL],
  });
}

export const validateHandlers = { show: getValidate, submit: postValidate };
