/**
 * unauthCsrf(): CSRF for app routes that anyone may call (a contact form, a signup API).
 * Signed-in callers are always checked; anonymous ones unless csrfIgnoreUnauthEndpoints.
 * Unlike Flask-Security, it checks whether or not csrfProtectAll is on: asking for it is the opt-in.
 */
import { authenticate } from '../auth/authenticate.js';
import { currentState } from '../context.js';
import { guardCsrfFailure, unauthRouteCsrfFailure } from '../csrf/csrf-policy.js';
import { csrfFailureResponse } from '../csrf/csrf-response.js';
import { csrfTokenFor } from '../csrf/csrf-token.js';
import { type Guard, namedGuard, withStateCookies } from './guard.js';

export function unauthCsrf(): Guard {
  return namedGuard('unauthCsrf', async (state) => {
    const identity = state.identity ?? (await authenticate(state, ['token', 'session']));
    const failure = await unauthRouteCsrfFailure(state, identity);
    return failure ? withStateCookies(state, csrfFailureResponse(state, failure)) : null;
  });
}

/**
 * For code that cannot use a guard: applies the guard rule to the request being handled (by the
 * mechanism that authenticated it; anonymous callers as unauthCsrf does). Returns the 400 to send,
 * or null. Must run inside Barbican's request context.
 */
export async function handleCsrf(request: Request): Promise<Response | null> {
  const state = currentState();
  if (!state || state.request !== request) {
    throw new Error('handleCsrf: call it with the request Barbican is handling, inside its context');
  }
  const failure = state.identity
    ? await guardCsrfFailure(state, state.identity)
    : await unauthRouteCsrfFailure(state, null);
  return failure ? withStateCookies(state, csrfFailureResponse(state, failure)) : null;
}

/**
 * The CSRF token for the request being handled, for an app's own server-rendered forms (put it in a
 * hidden `csrf_token` field). Creates the anonymous session cookie when the visitor has none.
 */
export async function csrfToken(): Promise<string> {
  const state = currentState();
  if (!state) throw new Error('csrfToken: call it inside a Barbican request context');
  return csrfTokenFor(state);
}
