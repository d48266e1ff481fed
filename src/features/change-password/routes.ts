/**
 * GET/POST /change: a signed-in, freshly authenticated caller sets a new password. The changing
 * client carries on, on a new session id (session callers) or with a new token when it asks
 * (?include_auth_token); every other session and token of the user dies.
 */
import { startSession } from '../../auth/session.js';
import type { Identity, RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitSecretCheck } from '../../ratelimit/limit-request.js';
import { checkNewPassword, formCsrfError, requireCaller, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { newPasswordPairErrors, parseChangeInput } from './schema.js';
import { changePassword, currentPasswordError } from './service.js';

async function formPayload(state: RequestState, identity: Identity): Promise<Record<string, unknown>> {
  return {
    active_password: identity.user.password !== null,
    csrf_token: await csrfTokenFor(state),
    user: {},
  };
}

async function changePage(state: RequestState, identity: Identity, errors: readonly FieldError[]) {
  const { core } = state;
  const props = await formPageProps(state, { action: core.paths.change, errors, next: null });
  return () => core.views.changePassword({ ...props, activePassword: identity.user.password !== null });
}

async function getChange(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const response = await formPayload(state, identity);
  return showForm(state, await changePage(state, identity, []), { response });
}

/** Keeps the changing client signed in: a new session id, or (token callers) a new token on request. */
async function continueAs(
  state: RequestState,
  identity: Identity,
  user: User,
  authenticatedAt: number,
): Promise<void> {
  if (identity.mechanism === 'session' && state.session?.kind === 'user') {
    const { remember } = state.session.record;
    await startSession(state, user, { remember, authenticatedAt });
  }
  state.identity = { user, mechanism: identity.mechanism, authenticatedAt };
  await setCsrfCookie(state);
}

async function postChange(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const input = parseChangeInput(await state.body());
  const failed = async (errors: readonly FieldError[]): Promise<Response> => {
    const response = await formPayload(state, identity);
    return formFailure(state, errors, await changePage(state, identity, errors), { response });
  };

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed([csrfError]);
  const pairErrors = newPasswordPairErrors(input);
  if (pairErrors.length > 0 || input.newPassword === undefined) return failed(pairErrors);
  // Only a typed current password is a guess to count; a password-less account has none to check.
  const guessing = identity.user.password !== null && Boolean(input.password?.trim());
  const limit = guessing
    ? await limitSecretCheck(state, { scope: 'password', identity: identity.user.email })
    : null;
  const currentError = await currentPasswordError(core, identity.user, input.password, input.newPassword);
  await (currentError?.message === MESSAGES.INVALID_PASSWORD ? limit?.failed() : limit?.succeeded());
  if (currentError) return failed([currentError]);
  const { user } = identity;
  const userInputs = [user.email, ...(user.username ? [user.username] : [])];
  const policy = await checkNewPassword(state, input.newPassword, {
    field: 'new_password',
    isRegister: false,
    userInputs,
  });
  if (!policy.ok) return failed(policy.errors);

  const changed = await changePassword(core, user, policy.normalized);
  // Typing the current password is a primary authentication; without one, the old time stands.
  const authenticatedAt = user.password ? core.clock.nowMs() : identity.authenticatedAt;
  await continueAs(state, identity, changed, authenticatedAt);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, changed, authenticatedAt),
    redirect: core.config.postChangeView ?? core.config.postLoginView,
    flash: [MESSAGES.PASSWORD_CHANGE],
  });
}

export function changeRoutes(core: SecurityCore): Route[] {
  return formRoutes(core.paths.change, getChange, postChange);
}
