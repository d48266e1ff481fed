/**
 * GET and POST /register, as JSON (wire-compatible with Flask-Security) and as an HTML form. A new
 * user is signed in unless they must confirm their email first or generic responses are on.
 */
import { completeLogin } from '../../auth/complete-login.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { formCsrfError, refuseSignedIn, resolveNext, userPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { parseRegisterInput, type RegisterInput } from './schema.js';
import { type RegisterOutcome, registerAccount } from './service.js';
import { validateRegistration } from './validate.js';

async function registerFormPage(
  state: RequestState,
  options: { input?: RegisterInput; errors: readonly FieldError[]; next: string | null },
) {
  const { core } = state;
  const { config } = core;
  const { errors, next } = options;
  const path = core.paths.register;
  const action = next ? `${path}?next=${encodeURIComponent(next)}` : path;
  const props = await formPageProps(state, { action, errors, next });
  return () =>
    core.views.register({
      ...props,
      email: options.input?.email ?? '',
      username: options.input?.username ?? '',
      usernameField: !config.usernameEnable ? 'off' : config.usernameRequired ? 'required' : 'optional',
      passwordConfirm: config.passwordConfirmRequired,
      passwordOptional: config.unifiedSignin && !config.passwordRequired,
    });
}

async function getRegister(state: RequestState): Promise<Response> {
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  await setCsrfCookie(state);
  return showForm(state, await registerFormPage(state, { errors: [], next }));
}

/**
 * Signs the new user in when they may sign in yet; the user payload for the answer. Never under
 * generic responses: a taken address cannot be signed in, so a session cookie or token on the
 * answer would tell a new address from a taken one. The new user signs in at /login instead.
 */
async function signInIfAllowed(
  state: RequestState,
  outcome: Exclude<RegisterOutcome, { kind: 'invalid' }>,
): Promise<Record<string, unknown>> {
  if (state.core.config.returnGenericResponses) return {};
  if (outcome.kind !== 'created' || isConfirmationMissing(state.core, outcome.user)) return {};
  const login = await completeLogin(state, outcome.user, { method: 'register', remember: false });
  // A brand-new account has no second factor; should one ever be held back, it is not signed in.
  if (login.status !== 'signed_in') return {};
  await setCsrfCookie(state);
  return userPayload(state, login.user, login.authenticatedAt);
}

async function postRegister(state: RequestState): Promise<Response> {
  const { core } = state;
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const body = await state.body();
  const input = parseRegisterInput(state.request, body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (errors: readonly FieldError[]): Promise<Response> =>
    formFailure(state, errors, await registerFormPage(state, { input, errors, next }));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed([csrfError]);
  if (invalidNext) return failed([{ field: 'next', message: MESSAGES.INVALID_REDIRECT }]);

  const checked = await validateRegistration(state, input);
  const outcome = await registerAccount(core, checked);
  if (outcome.kind === 'invalid') return failed(outcome.errors);
  // A taken address gets exactly this answer too (generic responses): same body, flash and target.
  const user = await signInIfAllowed(state, outcome);
  const flash = core.config.confirmable
    ? formatMessage('CONFIRM_REGISTRATION', { email: checked.email ?? '' })
    : MESSAGES.REGISTRATION_COMPLETE;
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state), user },
    redirect: next ?? core.config.postRegisterView ?? core.config.postLoginView,
    flash: [flash],
  });
}

export function registerRoutes(core: SecurityCore): Route[] {
  return formRoutes(core.paths.register, getRegister, postRegister);
}
