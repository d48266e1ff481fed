/**
 * GET/POST /reset: ask for a reset link by email. Only for anonymous callers. With
 * returnGenericResponses every email answers the same 200 (and flash), whether or not it has a
 * usable account; a CSRF failure is still a 400.
 */
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { formatMessage } from '../../messages.js';
import { limitSend } from '../../ratelimit/limit-request.js';
import { formCsrfError, refuseSignedIn } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { parseForgotInput } from './schema.js';
import { requestPasswordReset } from './service.js';

async function forgotPage(state: RequestState, email: string, errors: readonly FieldError[]) {
  const { core } = state;
  const props = await formPageProps(state, { action: core.paths.reset, errors, next: null });
  return () => core.views.forgotPassword({ ...props, email });
}

export async function getForgot(state: RequestState): Promise<Response> {
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  return showForm(state, await forgotPage(state, '', []));
}

export async function postForgot(state: RequestState): Promise<Response> {
  const { core } = state;
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const input = parseForgotInput(await state.body());
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await forgotPage(state, input.email ?? '', [error]));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  // Counted per typed address whether or not it has an account (the answer must not tell).
  if (input.email?.trim()) await limitSend(state, input.email);
  const outcome = await requestPasswordReset(core, input.email);
  if (!outcome.ok && !core.config.returnGenericResponses) return failed(outcome.error);
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: core.paths.reset,
    flash: [formatMessage('PASSWORD_RESET_REQUEST', { email: input.email?.trim() ?? '' })],
  });
}
