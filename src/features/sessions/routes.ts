/**
 * sessionsUrl (GET: the caller's sessions, JSON or the page) and sessionsRevokeUrl (POST: end one
 * session by its public id, or all but the caller's). Ending needs a fresh sign-in and a CSRF
 * token, as every other account change does; it takes effect on the next request in every
 * process, because the session row (or Redis key) is gone.
 */

import { endSession, loadSession } from '../../auth/session.js';
import type { SessionInfo } from '../../auth/session-manager.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { User } from '../../datastore/types.js';
import { type FieldError, respond } from '../../http/responder.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import type { Route } from '../route.js';
import { SESSION_MESSAGES } from './errors.js';
import { parseRevokeRequest } from './schema.js';

/** The stored hash of the caller's own session (null for a token or Basic caller). */
async function currentIdHash(state: RequestState): Promise<string | null> {
  const session = await loadSession(state);
  return session.kind === 'user' ? session.record.idHash : null;
}

async function listFor(state: RequestState, user: User): Promise<SessionInfo[]> {
  const current = await currentIdHash(state);
  return state.core.sessions.list(user, current === null ? {} : { currentIdHash: current });
}

function toJSON(session: SessionInfo): Record<string, unknown> {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_seen_at: session.lastSeenAt.toISOString(),
    ip: session.ip,
    user_agent: session.userAgent,
    remember: session.remember,
    expires_at: session.expiresAt.toISOString(),
    current: session.current,
  };
}

async function sessionsAnswer(state: RequestState, user: User, errors: FieldError[]) {
  const sessions = await listFor(state, user);
  const props = await formPageProps(state, { action: state.core.paths.sessions, errors, next: null });
  const page = () =>
    state.core.views.sessions({ ...props, sessions, revokeAction: state.core.paths.sessionsRevoke });
  return { page, response: { csrf_token: props.csrfToken, sessions: sessions.map(toJSON) } };
}

async function getSessions(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state);
  if (identity instanceof Response) return identity;
  const { page, response } = await sessionsAnswer(state, identity.user, []);
  return showForm(state, page, { response });
}

async function postRevoke(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const { user } = identity;
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], (await sessionsAnswer(state, user, [error])).page);
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  const request = parseRevokeRequest(await state.body());
  if ('field' in request) return failed(request);

  const current = await currentIdHash(state);
  const currentId = current === null ? undefined : core.sessions.publicId(current);
  let count: number;
  if (request.kind === 'all-others') {
    count = await core.sessions.revokeAll(user, currentId === undefined ? {} : { except: currentId });
  } else if (request.id === currentId) {
    // Ending one's own session is a logout: the cookie goes too.
    await endSession(state);
    count = 1;
  } else {
    if (!(await core.sessions.revoke(user, request.id)))
      return failed({ field: 'id', message: SESSION_MESSAGES.SESSION_NOT_FOUND });
    count = 1;
  }
  core.events.emit('sessionsRevoked', { user, count, by: 'user' });
  const message =
    request.kind === 'all-others' ? SESSION_MESSAGES.OTHER_SESSIONS_ENDED : SESSION_MESSAGES.SESSION_ENDED;
  const signedOut = request.kind === 'one' && request.id === currentId;
  return respond(state, {
    status: 200,
    response: {
      csrf_token: await csrfTokenFor(state),
      revoked: count,
      sessions: signedOut ? [] : (await listFor(state, user)).map(toJSON),
    },
    redirect: signedOut ? core.paths.login : core.paths.sessions,
    flash: [message],
  });
}

export function sessionRoutes(core: SecurityCore): Route[] {
  return [
    { method: 'GET', path: core.paths.sessions, handler: getSessions },
    { method: 'POST', path: core.paths.sessionsRevoke, handler: postRevoke },
  ];
}
