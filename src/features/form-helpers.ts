/**
 * Small steps every built-in form endpoint shares: CSRF for form posts, `next` from query then
 * body, and the user payload with an optional token.
 */
import { issueAuthToken } from '../auth/token.js';
import type { RequestState } from '../context.js';
import { checkCsrf } from '../csrf/csrf-token.js';
import type { User } from '../datastore/types.js';
import { type BodyFields, stringField } from '../http/body.js';
import type { FieldError } from '../http/responder.js';
import { MESSAGES } from '../messages.js';

/**
 * CSRF rule for Barbican's own forms: checked for anonymous callers (unless
 * csrfIgnoreUnauthEndpoints) and for callers authenticated by a cookie or Basic; a caller proven
 * by a token alone carries no ambient credential, so there is nothing to forge.
 */
export async function formCsrfError(state: RequestState): Promise<FieldError | null> {
  const mechanism = state.identity?.mechanism;
  if (mechanism === 'token') return null;
  if (!mechanism && state.core.config.csrfIgnoreUnauthEndpoints) return null;
  const failure = await checkCsrf(state);
  return failure ? { field: 'csrf_token', message: MESSAGES[failure] } : null;
}

/** The raw `next` a caller asked for: query first, then the form/JSON field (Flask-Security order). */
export function requestedNext(state: RequestState, body: BodyFields): string | null {
  const fromQuery = state.url.searchParams.get('next');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
  const fromBody = stringField(body, 'next');
  return fromBody ? fromBody : null;
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
