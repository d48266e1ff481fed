/**
 * /logout: destroys the server-side session (a captured cookie is dead afterwards). Methods come
 * from logoutMethods; an unsafe `next` is ignored rather than refused, as upstream does.
 */
import { endSession, loadSession } from '../../auth/session.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { clearCsrfCookie } from '../../csrf/csrf-cookie.js';
import { endpointCsrfFailure } from '../../csrf/csrf-policy.js';
import { csrfFailureResponse } from '../../csrf/csrf-response.js';
import { respond } from '../../http/responder.js';
import { resolveNext } from '../form-helpers.js';
import type { Route, RouteMethod } from '../route.js';

async function logout(state: RequestState): Promise<Response> {
  const { core } = state;
  const body = await state.body();
  const session = await loadSession(state);
  const failure = await endpointCsrfFailure(state, { logout: true });
  if (failure) {
    return csrfFailureResponse(state, failure);
  }
  await endSession(state);
  clearCsrfCookie(state);
  if (session.kind === 'user') core.events.emit('userLoggedOut', { user: session.user });
  const { target: next } = resolveNext(state, body);
  return respond(state, { status: 200, response: {}, redirect: next ?? core.config.postLogoutView });
}

export function logoutRoutes(core: SecurityCore): Route[] {
  return core.config.logoutMethods.map((method) => ({
    method: method as RouteMethod,
    path: core.paths.logout,
    handler: logout,
  }));
}
