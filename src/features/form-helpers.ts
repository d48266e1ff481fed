/**
 * Small steps every built-in form endpoint shares: CSRF for form posts, `next` from query then
 * body, and the user payload with an optional token.
 */

import { authenticate } from '../auth/authenticate.js';
import { issueAuthToken } from '../auth/token.js';
import type { Identity, RequestState } from '../context.js';
import { endpointCsrfFailure } from '../csrf/csrf-policy.js';
import { csrfTokenFor } from '../csrf/csrf-token.js';
import type { User } from '../datastore/types.js';
import type { AuthMechanism } from '../events.js';
import { isFresh } from '../guards/freshness.js';
import { withStateCookies } from '../guards/guard.js';
import { type BodyFields, stringField } from '../http/body.js';
import type { FieldError } from '../http/responder.js';
import { respond } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import type { PasswordValidationContext } from '../passwords/types.js';
import { hasWebAuthnVerifyCredential } from '../webauthn/verify-credential.js';

/** The CSRF check of Barbican's own form endpoints (rules in csrf/csrf-policy.ts), as a field error. */
export async function formCsrfError(state: RequestState): Promise<FieldError | null> {
  const failure = await endpointCsrfFailure(state);
  return failure ? { field: 'csrf_token', message: MESSAGES[failure] } : null;
}

export interface NextTarget {
  /** The safe Location value, or null when none was asked for or none is safe. */
  readonly target: string | null;
  /** True when any `next` the caller sent (form field or query) is unsafe. */
  readonly invalid: boolean;
}

/**
 * `next` from the form/JSON field, then the query (upstream's order). Both are validated: a page
 * reached as /login?next=… also carries a hidden field, and tampering with either must be refused.
 */
export function resolveNext(state: RequestState, body: BodyFields): NextTarget {
  const candidates = [stringField(body, 'next'), state.url.searchParams.get('next')].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  let target: string | null = null;
  let invalid = false;
  for (const candidate of candidates) {
    const safe = state.core.safeRedirect(candidate);
    if (safe === null) invalid = true;
    else target ??= safe;
  }
  return { target, invalid };
}

/** Flask-Security's user payload: `{}` unless a token was asked for with ?include_auth_token. */
export function userPayload(
  state: RequestState,
  user: User,
  authenticatedAtMs: number,
): Record<string, unknown> {
  if (!state.url.searchParams.has('include_auth_token')) return {};
  return { authentication_token: issueAuthToken(state.core, user, authenticatedAtMs) };
}

/** The JSON answer of a request that leaves the caller signed in: a CSRF token and the user payload. */
export async function signedInPayload(
  state: RequestState,
  user: User,
  authenticatedAtMs: number,
): Promise<Record<string, unknown>> {
  return { csrf_token: await csrfTokenFor(state), user: userPayload(state, user, authenticatedAtMs) };
}

/**
 * The caller of an endpoint that needs a signed-in user (by apiEnabledMethods), answered by the
 * unauthenticated handler otherwise. With `fresh`, the authentication must also be fresh
 * (freshness / freshnessGracePeriod), answered by the reauthentication handler otherwise.
 */
export async function requireCaller(
  state: RequestState,
  options: { fresh?: boolean } = {},
): Promise<Identity | Response> {
  const { core } = state;
  const mechanisms = core.config.apiEnabledMethods as readonly AuthMechanism[];
  const identity = await authenticate(state, mechanisms);
  if (!identity) {
    const response = await core.handlers.unauthnHandler({
      request: state.request,
      json: state.json,
      mechanisms,
      realm: core.config.defaultHttpAuthRealm,
    });
    return withStateCookies(state, response);
  }
  if (options.fresh) {
    const within = core.config.freshness;
    const grace = core.config.freshnessGracePeriod;
    if (!(await isFresh(state, identity, within, grace))) {
      const response = await core.handlers.reauthnHandler({
        request: state.request,
        json: state.json,
        user: identity.user,
        withinSeconds: within,
        graceSeconds: grace,
        hasWebAuthnVerifyCredential: await hasWebAuthnVerifyCredential(core, identity.user),
      });
      return withStateCookies(state, response);
    }
  }
  return identity;
}

/** Endpoints for anonymous callers (register, reset, confirm request) refuse signed-in ones as upstream. */
export async function refuseSignedIn(state: RequestState): Promise<Response | null> {
  if (!(await authenticate(state, ['token', 'session']))) return null;
  return respond(state, {
    status: 400,
    errors: [MESSAGES.ANONYMOUS_USER_REQUIRED],
    redirect: state.core.config.postLoginView,
  });
}

/** A new password through PasswordUtil, as field errors on `field`, or the normalized password. */
export async function checkNewPassword(
  state: RequestState,
  password: string | undefined,
  options: { field: string } & PasswordValidationContext,
): Promise<{ ok: true; normalized: string } | { ok: false; errors: FieldError[] }> {
  if (!password)
    return { ok: false, errors: [{ field: options.field, message: MESSAGES.PASSWORD_NOT_PROVIDED }] };
  const result = await state.core.passwordUtil.validate(password, options);
  if (result.problems) {
    return { ok: false, errors: result.problems.map((p) => ({ field: options.field, message: p.message })) };
  }
  return { ok: true, normalized: result.normalized };
}
