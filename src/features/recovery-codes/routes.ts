/**
 * /mf-recovery-codes (a fresh signed-in user generates a set, shown once) and /mf-recovery (a
 * pending sign-in uses one code in place of its second factor). Using a code follows the pending
 * rules of src/auth/pending-login.ts: attempts counted first, single-use, bound to the browser.
 */
import { completeLogin } from '../../auth/complete-login.js';
import {
  abandonPendingLogin,
  claimPendingLogin,
  currentPendingLogin,
  takePendingAttempt,
} from '../../auth/pending-login.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { stringField } from '../../http/body.js';
import { type FieldError, respond } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { MESSAGES } from '../../messages.js';
import { limitedCompare } from '../../ratelimit/limit-request.js';
import { formCsrfError, requireCaller, signedInPayload } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { secondFactorNotAllowed } from '../second-factor-answer.js';
import { recoveryCodeUsedMail } from './emails.js';
import { generateRecoveryCodes, useRecoveryCode } from './service.js';

async function codesPage(
  state: RequestState,
  user: User,
  codes: readonly string[] | null,
  errors: FieldError[],
) {
  const props = await formPageProps(state, { action: state.core.paths.mfRecoveryCodes, errors, next: null });
  const unused = await state.core.datastore.countRecoveryCodes(user.id);
  return () => state.core.views.recoveryCodes({ ...props, codes, unused });
}

async function getCodes(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  // Stored codes cannot be read back: the list is empty, the count says how many are left.
  const response = {
    csrf_token: await csrfTokenFor(state),
    recovery_codes: [],
    recovery_codes_unused: await state.core.datastore.countRecoveryCodes(identity.user.id),
  };
  return showForm(state, await codesPage(state, identity.user, null, []), { response });
}

async function postCodes(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const csrfError = await formCsrfError(state);
  if (csrfError)
    return formFailure(state, [csrfError], await codesPage(state, identity.user, null, [csrfError]));
  const codes = await generateRecoveryCodes(state.core, identity.user);
  state.core.events.emit('recoveryCodesGenerated', { user: identity.user, count: codes.length });
  const response = { csrf_token: await csrfTokenFor(state), recovery_codes: codes };
  return showForm(state, await codesPage(state, identity.user, codes, []), { response });
}

async function usePage(state: RequestState, errors: FieldError[]) {
  const props = await formPageProps(state, { action: state.core.paths.mfRecovery, errors, next: null });
  return () => state.core.views.recovery(props);
}

async function getRecovery(state: RequestState): Promise<Response> {
  if (!(await currentPendingLogin(state))) return secondFactorNotAllowed(state);
  return showForm(state, await usePage(state, []));
}

async function postRecovery(state: RequestState): Promise<Response> {
  const { core } = state;
  const code = stringField(await state.body(), 'code')?.trim() ?? '';
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await usePage(state, [error]));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  const pending = await currentPendingLogin(state);
  if (!pending) return secondFactorNotAllowed(state);
  if (code === '') return failed({ field: 'code', message: MESSAGES.TWO_FACTOR_CODE_REQUIRED });
  const attempt = await takePendingAttempt(state, pending);
  const tooMany = { field: 'code', message: MESSAGES.TWO_FACTOR_TOO_MANY_ATTEMPTS };
  if (!attempt.ok)
    return respond(state, {
      status: 400,
      fieldErrors: [tooMany],
      redirect: core.paths.login,
      flash: [tooMany.message],
    });
  const check = { scope: 'code', identity: `user:${pending.user.id}` };
  const valid = await limitedCompare(state, check, () => useRecoveryCode(core, pending.user, code));
  if (!valid) {
    if (attempt.last) await abandonPendingLogin(state);
    return failed(attempt.last ? tooMany : { field: 'code', message: MESSAGES.INVALID_RECOVERY_CODE });
  }
  if (!(await claimPendingLogin(state, pending))) return secondFactorNotAllowed(state);
  const login = await completeLogin(state, pending.user, {
    method: 'two-factor',
    remember: pending.record.remember,
    secondFactorPassed: true,
  });
  if (login.status !== 'signed_in') return secondFactorNotAllowed(state);
  const left = await core.datastore.countRecoveryCodes(login.user.id);
  await queueMail(core, core.datastore, recoveryCodeUsedMail(core, login.user, left));
  core.mailWorker.kick();
  core.events.emit('recoveryCodeUsed', { user: login.user, left });
  await setCsrfCookie(state);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, login.user, login.authenticatedAt),
    redirect: core.config.postLoginView,
  });
}

export function recoveryCodeRoutes(core: SecurityCore): Route[] {
  return [
    ...formRoutes(core.paths.mfRecoveryCodes, getCodes, postCodes),
    ...formRoutes(core.paths.mfRecovery, getRecovery, postRecovery),
  ];
}
