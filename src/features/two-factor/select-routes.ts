/**
 * GET and POST /tf-select: a pending sign-in whose user has more than one second factor (a code
 * method and WebAuthn keys) chooses one, then goes on as if it had been the only one (upstream's
 * tf_select). The choice keeps the pending sign-in's expiry and attempts (pending-login.ts).
 */
import { sendSecondFactorCode } from '../../auth/complete-login.js';
import { choosePendingMethod, currentPendingLogin, type PendingLogin } from '../../auth/pending-login.js';
import { SELECT_METHOD, secondFactorMethods } from '../../auth/second-factors.js';
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { stringField } from '../../http/body.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { formCsrfError, resolveNext } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { pendingAnswer, secondFactorNotAllowed } from '../second-factor-answer.js';

async function selecting(state: RequestState): Promise<PendingLogin | null> {
  const pending = await currentPendingLogin(state);
  return pending?.record.method === SELECT_METHOD ? pending : null;
}

async function selectPage(
  state: RequestState,
  methods: readonly string[],
  errors: readonly FieldError[],
  next: string | null,
) {
  const path = state.core.paths.tfSelect;
  const action = next ? `${path}?next=${encodeURIComponent(next)}` : path;
  const props = await formPageProps(state, { action, errors, next });
  return () => state.core.views.twoFactorSelect({ ...props, methods });
}

async function getSelect(state: RequestState): Promise<Response> {
  const pending = await selecting(state);
  if (!pending) return secondFactorNotAllowed(state);
  const methods = await secondFactorMethods(state.core, pending.user);
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  const response = { csrf_token: await csrfTokenFor(state), tf_select: true, tf_setup_methods: methods };
  return showForm(state, await selectPage(state, methods, [], next), { response });
}

async function postSelect(state: RequestState): Promise<Response> {
  const pending = await selecting(state);
  if (!pending) return secondFactorNotAllowed(state);
  const methods = await secondFactorMethods(state.core, pending.user);
  const body = await state.body();
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await selectPage(state, methods, [error], next));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const which = stringField(body, 'which');
  if (which === undefined || !methods.includes(which)) {
    return failed({ field: 'which', message: MESSAGES.TWO_FACTOR_METHOD_NOT_AVAILABLE });
  }
  if (!(await choosePendingMethod(state, pending, which))) return secondFactorNotAllowed(state);
  await sendSecondFactorCode(state, pending.user, which);
  const { response, page } = pendingAnswer(
    state,
    { method: which, methods: [which] },
    await csrfTokenFor(state),
  );
  return respond(state, {
    status: 200,
    response,
    redirect: next ? `${page}?next=${encodeURIComponent(next)}` : page,
  });
}

export const selectHandlers = { show: getSelect, submit: postSelect };
