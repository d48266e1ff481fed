/**
 * /verify: re-authentication for freshness. Success moves the session's primary-authentication
 * time (fs_paa) to now; a token caller gets a new token carrying the new time when it asks.
 */
import { verifyUserPassword } from '../../auth/password-check.js';
import type { Identity, RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { stringField } from '../../http/body.js';
import type { FieldError } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { limitedCompare } from '../../ratelimit/limit-request.js';
import { hasWebAuthnVerifyCredential } from '../../webauthn/verify-credential.js';
import { formCsrfError, requireCaller, resolveNext } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { answerReauthenticated } from '../reauthenticated.js';
import { formRoutes, type Route } from '../route.js';

async function verifyPage(
  state: RequestState,
  identity: Identity,
  errors: readonly FieldError[],
  next: string | null,
) {
  const { core } = state;
  const action = next ? `${core.paths.verify}?next=${encodeURIComponent(next)}` : core.paths.verify;
  const props = await formPageProps(state, { action, errors, next });
  return () => core.views.verify({ ...props, email: identity.user.email });
}

async function getVerify(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const next = state.core.safeRedirect(state.url.searchParams.get('next'));
  const response = {
    csrf_token: await csrfTokenFor(state),
    has_webauthn_verify_credential: await hasWebAuthnVerifyCredential(state.core, identity.user),
    user: {},
  };
  return showForm(state, await verifyPage(state, identity, [], next), { response });
}

async function postVerify(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const body = await state.body();
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await verifyPage(state, identity, [error], next));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  const password = stringField(body, 'password');
  if (!password) return failed({ field: 'password', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  const check = { scope: 'password', identity: identity.user.email };
  if (!(await limitedCompare(state, check, () => verifyUserPassword(core, identity.user, password)))) {
    return failed({ field: 'password', message: MESSAGES.INVALID_PASSWORD });
  }
  return answerReauthenticated(state, identity, { next });
}

export function verifyRoutes(core: SecurityCore): Route[] {
  return formRoutes(core.paths.verify, getVerify, postVerify);
}
