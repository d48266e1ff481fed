/**
 * GET and POST /tf-setup: choose, change or disable the second factor (a fresh sign-in only).
 * Choosing a method starts a setup (setup-state.ts) that one valid code at /tf-validate completes.
 * Unlike 5.1.2, "disable" is offered only to a user who has a method, computed per request (upstream
 * appended it to the global config list on every GET), and any change mails a notice and ends the
 * user's other sessions.
 */
import { currentPendingLogin, type PendingLogin, SETUP_FROM_LOGIN } from '../../auth/pending-login.js';
import { mailTwoFactorCode } from '../../auth/two-factor-mail-code.js';
import { textTwoFactorCode } from '../../auth/two-factor-sms-code.js';
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { stringField } from '../../http/body.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitSend } from '../../ratelimit/limit-request.js';
import { normalizePhone } from '../../sms/normalize-phone.js';
import { renderQRCodeSVG } from '../../totp/qr-code.js';
import { raw } from '../../views/html.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { parseSetupChoice } from './schema.js';
import { applyTwoFactorChange, beginSetup } from './setup-state.js';
import { totpServiceOf } from './totp.js';
import type { TwoFactorSetupPageProps } from './views.js';

/**
 * Who is setting up: a fresh signed-in user, or (twoFactorRequired) a pending sign-in whose user
 * has no factor yet, which no guard would let through.
 */
interface SetupCaller {
  readonly user: User;
  readonly fromLogin: PendingLogin | null;
}

async function setupCaller(state: RequestState): Promise<SetupCaller | Response> {
  const pending = await currentPendingLogin(state);
  if (pending?.record.method === SETUP_FROM_LOGIN) return { user: pending.user, fromLogin: pending };
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  return { user: identity.user, fromLogin: null };
}

function availableMethods(state: RequestState, caller: SetupCaller): string[] {
  const methods: string[] = [...state.core.config.twoFactorEnabledMethods];
  // Never under twoFactorRequired: a user who must have a factor cannot turn it off.
  const mayDisable = caller.user.tfPrimaryMethod !== null && !state.core.config.twoFactorRequired;
  if (mayDisable) methods.push('disable');
  return methods;
}

async function setupPayload(state: RequestState, caller: SetupCaller): Promise<Record<string, unknown>> {
  const { user } = caller;
  return {
    csrf_token: await csrfTokenFor(state),
    tf_available_methods: availableMethods(state, caller),
    tf_phone_number: user.tfPhoneNumber,
    tf_primary_method: user.tfPrimaryMethod,
    tf_method: user.tfPrimaryMethod,
    tf_required: state.core.config.twoFactorRequired,
  };
}

async function setupPage(
  state: RequestState,
  caller: SetupCaller,
  extra: Partial<Pick<TwoFactorSetupPageProps, 'chosen' | 'authenticator'>> & {
    errors?: readonly FieldError[];
  },
) {
  const { core } = state;
  const props = await formPageProps(state, {
    action: core.paths.tfSetup,
    errors: extra.errors ?? [],
    next: null,
  });
  const validate = extra.chosen
    ? await formPageProps(state, { action: core.paths.tfValidate, errors: [], next: null })
    : null;
  return () =>
    core.views.twoFactorSetup({
      ...props,
      methods: availableMethods(state, caller),
      currentMethod: caller.user.tfPrimaryMethod,
      chosen: extra.chosen ?? null,
      authenticator: extra.authenticator ?? null,
      validate,
    });
}

async function getSetup(state: RequestState): Promise<Response> {
  const caller = await setupCaller(state);
  if (caller instanceof Response) return caller;
  const response = await setupPayload(state, caller);
  return showForm(state, await setupPage(state, caller, {}), { response });
}

async function postSetup(state: RequestState): Promise<Response> {
  const { core } = state;
  const caller = await setupCaller(state);
  if (caller instanceof Response) return caller;
  const body = await state.body();
  const choice = parseSetupChoice(body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await setupPage(state, caller, { errors: [error] }));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  const methods = availableMethods(state, caller);
  if (choice === undefined || !methods.includes(choice)) {
    return failed({ field: 'setup', message: MESSAGES.TWO_FACTOR_METHOD_NOT_AVAILABLE });
  }
  const { user } = caller;

  if (choice === 'disable') {
    const updated = await applyTwoFactorChange(state, user, {
      method: null,
      sealedSecret: null,
      phone: null,
    });
    core.events.emit('tfDisabled', { user: updated });
    return respond(state, {
      status: 200,
      response: { csrf_token: await csrfTokenFor(state) },
      redirect: core.config.twoFactorPostSetupView ?? core.paths.tfSetup,
      flash: [MESSAGES.TWO_FACTOR_DISABLED],
    });
  }

  const base = { tf_primary_method: choice, tf_method: choice, tf_state: 'validating_profile' };
  if (choice === 'email') {
    if (!caller.fromLogin) await beginSetup(state, { method: 'email', sealedSecret: null, phone: null });
    await limitSend(state, user.email);
    await mailTwoFactorCode(core, user, 'tf-setup-email');
    const response = { csrf_token: await csrfTokenFor(state), ...base };
    return showForm(state, await setupPage(state, caller, { chosen: 'email' }), { response });
  }

  if (choice === 'sms') {
    const phone = normalizePhone(stringField(body, 'phone') ?? '', core.config.phoneRegionDefault);
    if (!phone.valid) return failed({ field: 'phone', message: MESSAGES.PHONE_INVALID });
    await limitSend(state, phone.phone);
    // From login the number waits on the row, inert while tf_primary_method is null.
    if (caller.fromLogin) await core.datastore.updateUser(user, { tfPhoneNumber: phone.phone });
    else await beginSetup(state, { method: 'sms', sealedSecret: null, phone: phone.phone });
    await textTwoFactorCode(core, user, 'tf-setup-sms', phone.phone);
    const response = { csrf_token: await csrfTokenFor(state), ...base, tf_phone_number: phone.phone };
    return showForm(state, await setupPage(state, caller, { chosen: 'sms' }), { response });
  }

  const totp = totpServiceOf(core);
  if (totp === null) return failed({ field: 'setup', message: MESSAGES.TWO_FACTOR_METHOD_NOT_AVAILABLE });
  const setup = await totp.beginSetup({ subject: String(user.id), accountName: user.email });
  // From login there is no session to hold it: the candidate waits on the user's row, inert while
  // tf_primary_method is null, and only this pending sign-in's code can make it the factor.
  if (caller.fromLogin) await core.datastore.updateUser(user, { tfTotpSecret: setup.sealedSecret });
  else await beginSetup(state, { method: 'authenticator', sealedSecret: setup.sealedSecret, phone: null });
  const response = {
    csrf_token: await csrfTokenFor(state),
    ...base,
    tf_authr_key: setup.key,
    tf_authr_b32key: setup.key.replace(/-/g, ''),
    tf_authr_uri: setup.uri,
    tf_authr_issuer: setup.issuer,
    tf_authr_username: setup.accountName,
  };
  // Our own renderer's SVG of the key URI (no script, no external reference): trusted markup.
  const authenticator = { key: setup.key, uri: setup.uri, qrCodeSVG: raw(await renderQRCodeSVG(setup.uri)) };
  return showForm(state, await setupPage(state, caller, { chosen: 'authenticator', authenticator }), {
    response,
  });
}

export const setupHandlers = { show: getSetup, submit: postSetup };
