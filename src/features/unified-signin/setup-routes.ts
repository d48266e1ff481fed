/**
 * GET and POST /us-setup, POST /us-setup/<state>: a fresh signed-in user adds, changes or removes
 * unified sign-in methods. Choosing a method starts a setup (setup-service.ts) that only its code
 * completes. Unlike 5.1.2: 'password' is not a setup choice, removing it is a 400 (not a 500), the
 * last way in cannot be removed, and the state works once, in the session that started it.
 */
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { normalizePhone } from '../../sms/normalize-phone.js';
import { renderQRCodeSVG } from '../../totp/qr-code.js';
import { raw } from '../../views/html.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { loadUsMethods, usSetupMethods } from './methods.js';
import { parseSetupInput, parseSetupPasscode } from './schema-setup.js';
import {
  beginUsSetup,
  completeUsSetup,
  findUsSetup,
  newAuthenticatorSecret,
  removeUsMethods,
  setupCodeWaitSeconds,
} from './setup-service.js';
import type { UsSetupPageProps } from './setup-views.js';
import { tooSoon } from './signin-send-routes.js';

type PageExtra = Partial<Pick<UsSetupPageProps, 'chosen' | 'authenticator' | 'validate'>> & {
  errors?: readonly FieldError[];
};

async function setupView(state: RequestState, user: User, extra: PageExtra = {}) {
  const { core } = state;
  const { profile, active } = await loadUsMethods(core, user);
  const props = await formPageProps(state, {
    action: core.paths.usSetup,
    errors: extra.errors ?? [],
    next: null,
  });
  const payload = {
    active_methods: active,
    available_methods: [...core.config.usEnabledMethods],
    csrf_token: await csrfTokenFor(state),
    identity_attributes: [...core.config.userIdentityAttributes],
    phone: profile.phone,
    setup_methods: usSetupMethods(core.config),
  };
  const page = () =>
    core.views.usSetup({
      ...props,
      setupMethods: usSetupMethods(core.config),
      activeMethods: active,
      deletableMethods: active.filter((method) => method !== 'password'),
      phone: profile.phone,
      chosen: extra.chosen ?? null,
      authenticator: extra.authenticator ?? null,
      validate: extra.validate ?? null,
    });
  return { payload, page, active };
}

async function getSetup(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const view = await setupView(state, identity.user);
  return showForm(state, view.page, { response: view.payload });
}

async function postSetup(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const { user } = identity;
  const input = parseSetupInput(await state.body());
  const failed = async (error: FieldError): Promise<Response> => {
    const view = await setupView(state, user, { errors: [error] });
    return formFailure(state, [error], view.page);
  };
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (input.chosenMethod === undefined && input.deleteMethods.length === 0) {
    return failed({ field: '', message: MESSAGES.API_ERROR });
  }
  if (input.deleteMethods.length > 0) {
    const { active } = await loadUsMethods(core, user);
    const deletable = active.filter((method) => method !== 'password');
    if (!input.deleteMethods.every((method) => deletable.includes(method))) {
      return failed({ field: 'delete_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE });
    }
    if (!(await removeUsMethods(core, user, input.deleteMethods))) {
      return failed({ field: 'delete_method', message: MESSAGES.US_LAST_METHOD });
    }
  }
  if (input.chosenMethod === undefined) {
    const view = await setupView(state, user);
    return showForm(state, view.page, { response: { csrf_token: view.payload.csrf_token } });
  }
  return startSetup(state, user, input.chosenMethod, input.phone, failed);
}

async function startSetup(
  state: RequestState,
  user: User,
  method: string,
  phoneInput: string | undefined,
  failed: (error: FieldError) => Promise<Response>,
): Promise<Response> {
  const { core } = state;
  if (!usSetupMethods(core.config).includes(method)) {
    return failed({ field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE });
  }
  // The setup waits in the server-side session: a token-only caller has none to keep it in.
  if (state.session?.kind !== 'user')
    return failed({ field: '', message: MESSAGES.US_SETUP_SESSION_REQUIRED });
  let phone: string | null = null;
  if (method === 'sms') {
    const normalized = normalizePhone(phoneInput ?? '', core.config.phoneRegionDefault);
    if (!normalized.valid) return failed({ field: 'phone', message: MESSAGES.PHONE_INVALID });
    const holder = await core.datastore.findUserByUsPhone(normalized.phone);
    if (holder !== null && holder.id !== user.id) {
      return failed({ field: 'phone', message: MESSAGES.US_PHONE_ALREADY_ASSOCIATED });
    }
    phone = normalized.phone;
  }
  const wait = await setupCodeWaitSeconds(core, user, method);
  if (wait > 0) return tooSoon(state, wait, (await setupView(state, user)).page);
  const secret = method === 'authenticator' ? await newAuthenticatorSecret(core, user) : null;
  if (method === 'authenticator' && secret === null) {
    return failed({ field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE });
  }
  const token = await beginUsSetup(state, user, {
    method,
    sealedSecret: secret?.sealedSecret ?? null,
    phone,
  });
  if (token === null) return failed({ field: '', message: MESSAGES.US_SETUP_SESSION_REQUIRED });
  const authr = secret && {
    authr_key: secret.key,
    authr_b32key: secret.key.replace(/-/g, ''),
    authr_uri: secret.uri,
    authr_issuer: secret.issuer,
    authr_username: secret.accountName,
  };
  const validate = await formPageProps(state, {
    action: `${core.paths.usSetup}/${encodeURIComponent(token)}`,
    errors: [],
    next: null,
  });
  // Our own renderer's SVG of the key URI (no script, no external reference): trusted markup.
  const authenticator = secret && {
    key: secret.key,
    uri: secret.uri,
    qrCodeSVG: raw(await renderQRCodeSVG(secret.uri)),
  };
  const view = await setupView(state, user, { chosen: method, authenticator, validate });
  const response = {
    csrf_token: view.payload.csrf_token,
    chosen_method: method,
    phone,
    state: token,
    ...authr,
  };
  return showForm(state, view.page, { response });
}

function stateOf(state: RequestState): string {
  const path = state.url.pathname;
  // Not decoded: a real state is base64url, and a malformed escape must read as invalid, not throw.
  return path.slice(path.lastIndexOf('/') + 1);
}

async function postValidate(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const { user } = identity;
  const body = await state.body();
  const refuse = async (error: FieldError): Promise<Response> =>
    respond(state, {
      status: 400,
      fieldErrors: [error],
      response: { csrf_token: await csrfTokenFor(state) },
      redirect: core.paths.usSetup,
      flash: [error.message],
    });
  const csrfError = await formCsrfError(state);
  if (csrfError) return refuse(csrfError);
  const found = findUsSetup(state, stateOf(state));
  if (found.status !== 'ok') {
    const message = found.status === 'expired' ? MESSAGES.US_SETUP_EXPIRED : MESSAGES.API_ERROR;
    return refuse({ field: '', message });
  }
  const passcode = parseSetupPasscode(body);
  if (passcode === undefined)
    return refuse({ field: 'passcode', message: MESSAGES.TWO_FACTOR_CODE_REQUIRED });
  const outcome = await completeUsSetup(state, user, found.setup, passcode);
  if (outcome === 'invalid-code')
    return refuse({ field: 'passcode', message: MESSAGES.INVALID_PASSWORD_CODE });
  if (outcome === 'too-many')
    return refuse({ field: 'passcode', message: MESSAGES.US_SETUP_TOO_MANY_ATTEMPTS });
  if (outcome === 'phone-taken')
    return refuse({ field: 'phone', message: MESSAGES.US_PHONE_ALREADY_ASSOCIATED });
  const { profile } = await loadUsMethods(core, user);
  return respond(state, {
    status: 200,
    response: {
      chosen_method: found.setup.method,
      csrf_token: await csrfTokenFor(state),
      phone: profile.phone,
    },
    redirect: core.config.usPostSetupView ?? core.paths.usSetup,
    flash: [MESSAGES.US_SETUP_SUCCESSFUL],
  });
}

export function usSetupRoutes(core: SecurityCore): Route[] {
  const path = core.paths.usSetup;
  return [
    ...formRoutes(path, getSetup, postSetup),
    // GET of a state shows the setup page (upstream answers only a CSRF token there).
    ...formRoutes(`${path}/:state`, getSetup, postValidate),
  ];
}
