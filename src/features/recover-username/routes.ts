/**
 * GET and POST /recover-username for anonymous callers, as JSON and as an HTML form. Every
 * well-formed address gets the same answer, whether or not an account (or username) exists.
 */
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitSend } from '../../ratelimit/limit-request.js';
import { formCsrfError, refuseSignedIn } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { parseRecoverUsernameInput } from './schema.js';
import { sendUsernameRecovery } from './service.js';

async function recoverUsernamePage(state: RequestState, errors: readonly FieldError[], email = '') {
  const { core } = state;
  const props = await formPageProps(state, { action: core.paths.usernameRecovery, errors, next: null });
  return () => core.views.recoverUsername({ ...props, email });
}

async function getRecoverUsername(state: RequestState): Promise<Response> {
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  await setCsrfCookie(state);
  return showForm(state, await recoverUsernamePage(state, []));
}

async function postRecoverUsername(state: RequestState): Promise<Response> {
  const { core } = state;
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const input = parseRecoverUsernameInput(await state.body());
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await recoverUsernamePage(state, [error], input.typed));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  // A malformed address says nothing about accounts, so it is still an error.
  if (!input.ok) return failed({ field: 'email', message: input.message });
  await limitSend(state, input.value);
  await sendUsernameRecovery(core, input.value);
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: core.paths.login,
    flash: [MESSAGES.USERNAME_RECOVERY_REQUEST],
  });
}

export function recoverUsernameRoutes(core: SecurityCore): Route[] {
  return formRoutes(core.paths.usernameRecovery, getRecoverUsername, postRecoverUsername);
}
