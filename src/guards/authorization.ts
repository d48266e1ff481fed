/**
 * Authorization guards. Alone on a route they never answer 401: with no identity they answer 403
 * (the seed's rule). They see the identity an authentication guard established, or else the
 * session or token the request carries.
 */
import { authenticate } from '../auth/authenticate.js';
import type { RequestState } from '../context.js';
import { guardCsrfFailure } from '../csrf/csrf-policy.js';
import { csrfFailureResponse } from '../csrf/csrf-response.js';
import type { Role } from '../datastore/types.js';
import { type Guard, namedGuard, withStateCookies } from './guard.js';

const rolesCache = new WeakMap<RequestState, Promise<Role[]>>();

/** The current user's roles, loaded once per request (never cached across requests). */
async function rolesOf(state: RequestState): Promise<Role[] | null> {
  const identity = state.identity ?? (await authenticate(state, ['token', 'session']));
  if (!identity) return null;
  let roles = rolesCache.get(state);
  if (!roles) {
    roles = state.core.datastore.getUserRoles(identity.user);
    rolesCache.set(state, roles);
  }
  return roles;
}

function check(
  name: string,
  kind: 'roles' | 'permissions',
  required: readonly string[],
  passes: (have: ReadonlySet<string>) => boolean,
): Guard {
  if (required.length === 0)
    throw new TypeError(`${name}: name at least one ${kind === 'roles' ? 'role' : 'permission'}`);
  const names = Object.freeze([...required]);
  return namedGuard(name, async (state) => {
    if (!state.identity) {
      // This guard establishes the identity itself, so it owes the same CSRF checks as authRequired.
      const identity = await authenticate(state, ['token', 'session']);
      const csrfFailure = await guardCsrfFailure(state, identity);
      if (csrfFailure) return withStateCookies(state, csrfFailureResponse(state, csrfFailure));
    }
    const roles = await rolesOf(state);
    const have = new Set<string>();
    for (const role of roles ?? []) {
      if (kind === 'roles') have.add(role.name);
      else for (const permission of role.permissions) have.add(permission);
    }
    if (roles && passes(have)) return null;
    const user = state.identity?.user ?? null;
    if (user) state.core.events.emit('userUnauthorized', { user, path: state.url.pathname });
    const response = await state.core.handlers.unauthzHandler({
      request: state.request,
      json: state.json,
      user,
      required: names,
      kind,
    });
    return withStateCookies(state, response);
  });
}

/** The user must have every one of these roles. */
export function rolesRequired(...roles: string[]): Guard {
  return check('rolesRequired', 'roles', roles, (have) => roles.every((r) => have.has(r)));
}

/** The user must have at least one of these roles. */
export function rolesAccepted(...roles: string[]): Guard {
  return check('rolesAccepted', 'roles', roles, (have) => roles.some((r) => have.has(r)));
}

/** The user's roles must grant every one of these permissions. */
export function permissionsRequired(...permissions: string[]): Guard {
  return check('permissionsRequired', 'permissions', permissions, (have) =>
    permissions.every((p) => have.has(p)),
  );
}

/** The user's roles must grant at least one of these permissions. */
export function permissionsAccepted(...permissions: string[]): Guard {
  return check('permissionsAccepted', 'permissions', permissions, (have) =>
    permissions.some((p) => have.has(p)),
  );
}
