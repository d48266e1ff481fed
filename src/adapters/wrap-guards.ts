/** Turns every guard factory into a factory of a framework's native middleware. */

import { adapterHooks } from '../adapter.js';
import type { AdapterHooks } from '../adapter-hooks.js';
import type { RequestState } from '../context.js';
import { anonymousUserRequired } from '../guards/anonymous-required.js';
import { authOptional, authRequired, authTokenRequired, httpAuthRequired } from '../guards/auth-required.js';
import {
  permissionsAccepted,
  permissionsRequired,
  rolesAccepted,
  rolesRequired,
} from '../guards/authorization.js';
import { type Guard, withStateCookies } from '../guards/guard.js';
import { unauthCsrf } from '../guards/unauth-csrf.js';
import { errorResult, respond } from '../http/responder.js';
import type { Security } from '../security.js';

type Factory = (...args: never[]) => Guard;

function wrap<F extends Factory, M>(
  factory: F,
  toMiddleware: (guard: Guard) => M,
): (...args: Parameters<F>) => M {
  return (...args) => toMiddleware(factory(...args));
}

export function wrapGuards<M>(toMiddleware: (guard: Guard) => M) {
  return {
    authOptional: wrap(authOptional, toMiddleware),
    authRequired: wrap(authRequired, toMiddleware),
    authTokenRequired: wrap(authTokenRequired, toMiddleware),
    httpAuthRequired: wrap(httpAuthRequired, toMiddleware),
    rolesRequired: wrap(rolesRequired, toMiddleware),
    rolesAccepted: wrap(rolesAccepted, toMiddleware),
    permissionsRequired: wrap(permissionsRequired, toMiddleware),
    permissionsAccepted: wrap(permissionsAccepted, toMiddleware),
    anonymousUserRequired: wrap(anonymousUserRequired, toMiddleware),
    unauthCsrf: wrap(unauthCsrf, toMiddleware),
  };
}

/**
 * The hooks of a Security that a routes-only mount (barbicanRoutes) can serve: a configuration
 * that needs Barbican in front of every request, guarded or not, is refused with a TypeError.
 */
export function routesOnlyHooks(security: Security): AdapterHooks {
  const hooks = adapterHooks(security);
  if (hooks.admitsEveryRequest) {
    throw new TypeError(
      'barbicanRoutes: this configuration checks every request (csrfProtectAll with csrfCheckDefault, or ' +
        'csrfCookieRefreshEachRequest); mount barbican(security) as middleware instead',
    );
  }
  return hooks;
}

export const MOUNT_FIRST =
  'Barbican guard used outside a request context: mount the Barbican middleware before routes that use guards';

/**
 * Runs one guard for an adapter's middleware. Errors Barbican throws on purpose (a malformed body
 * a guard read, a full hashing queue behind Basic auth) become their 4xx/503 answer, as on
 * Barbican's own endpoints; anything else goes on to the framework's error handling.
 */
export async function runGuard(state: RequestState, guard: Guard): Promise<Response | null> {
  try {
    return await guard(state);
  } catch (error) {
    const known = errorResult(error);
    if (!known) throw error;
    return withStateCookies(state, respond(state, known));
  }
}
