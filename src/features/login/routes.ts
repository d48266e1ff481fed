/** GET and POST /login, as JSON (wire-compatible with Flask-Security) and as an HTML form. */
import { authenticate } from '../../auth/authenticate.js';
import { completeLogin } from '../../auth/complete-login.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitSecretCheck } from '../../ratelimit/limit-request.js';
import { settlePasswordCheck } from '../../ratelimit/settle-password-check.js';
import { formCsrfError, refuseSignedIn, resolveNext, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { secondFactorRequiredAnswer } from '../second-factor-answer.js';
import { parseLoginInput } from './schema.js';
import { attemptPasswordLogin } from './service.js';

function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

async function loginPage(
  state: RequestState,
  options: { identity: string; errors: readonly FieldError[]; next: string | null },
) {
  const { core } = state;
  const { errors, next } = options;
  const props = await formPageProps(state, { action: withNext(core.paths.login, next), errors, next });
  return () =>
    core.views.login({
      ...props,
      identity: options.identity,
      identityAttributes: core.config.userIdentityAttributes,
      rememberDefault: core.config.defaultRememberMe,
      links: {
        register: core.config.registerable ? withNext(core.paths.register, next) : null,
        forgotPassword: core.config.recoverable ? core.paths.reset : null,
        confirm: core.config.confirmable ? core.paths.confirm : null,
      },
    });
}

async function getLogin(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await authenticate(state, ['token', 'session']);
  if (identity) {
    return respond(state, {
      status: 200,
      response: { csrf_token: await csrfTokenFor(state), user: {} },
      redirect: core.config.postLoginView,
    });
  }
  const next = core.safeRedirect(state.url.searchParams.get('next'));
  await setCsrfCookie(state);
  const response = {
    csrf_token: await csrfTokenFor(state),
    identity_attributes: core.config.userIdentityAttributes,
  };
  return showForm(state, await loginPage(state, { identity: '', errors: [], next }), { response });
}

async function postLogin(state: RequestState): Promise<Response> {
  const { core } = state;
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const body = await state.body();
  const input = parseLoginInput(body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(
      state,
      [error],
      await loginPage(state, { identity: input.identity ?? '', errors: [error], next }),
    );

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });

  // Counted before the password is compared, so a refusal says nothing about it.
  const typed = input.identity?.trim() ?? '';
  const limit = typed === '' ? null : await limitSecretCheck(state, { scope: 'password', identity: typed });
  const attempt = await attemptPasswordLogin(core, input.identity, input.password);
  await settlePasswordCheck(limit, attempt);
  if (!attempt.ok) {
    core.events.emit('loginFailed', { identity: input.identity ?? '', reason: attempt.reason });
    return failed(attempt.error);
  }
  const login = await completeLogin(state, attempt.user, {
    method: 'password',
    remember: input.remember ?? core.config.defaultRememberMe,
  });
  if (login.status === 'tf_required') return secondFactorRequiredAnswer(state, login, next);
  await setCsrfCookie(state);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, login.user, login.authenticatedAt),
    redirect: next ?? core.config.postLoginView,
  });
}

export function loginRoutes(core: SecurityCore): Route[] {
  return formRoutes(core.paths.login, getLogin, postLogin);
}
