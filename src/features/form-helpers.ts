/**
 * Small steps every built-in form endpoint shares: CSRF for form posts, `next` from query then
 * body, and the user payload with an optional token.
 */
import { issueAuthToken } from '../auth/token.js';
import type { RequestState } from '../context.js';
import { endpointCsrfFailure } from '../csrf/csrf-policy.js';
import type { User } from '../datastore/types.js';
import { type BodyFields, stringField } from '../http/body.js';
import type { FieldError } from '../http/responder.js';
import { MESSAGES } from '../messages.js';

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
