/**
 * When a CSRF token is required. One rule for Barbican's endpoints, one for guards, one for
 * unauthenticated app routes — all in this file so the modes of the seed read in one place:
 *
 * - Barbican's form endpoints: anonymous callers unless csrfIgnoreUnauthEndpoints; signed-in
 *   callers when their mechanism is in csrfProtectMechanisms; /logout only with logoutCsrf.
 * - App routes, csrfProtectAll + csrfCheckDefault: every mutating request, early.
 * - App routes, csrfProtectAll without csrfCheckDefault: the guards, by the mechanism that
 *   authenticated (a token API caller needs no token when 'token' is not listed).
 * - Always (csrfOriginCheck): a cookie-authenticated mutating request from another site is refused,
 *   and so is every cross-site POST to Barbican's own endpoints, signed in or not (login CSRF).
 *
 * The identity is always the one the succeeding mechanism proved, so a request carrying an
 * attacker's own token and a victim's cookie runs as the attacker, never as the victim.
 */
import type { Identity, RequestState } from '../context.js';
import { type CsrfFailure, checkCsrf } from './csrf-token.js';
import { isCrossOrigin, isMutating } from './origin-check.js';

function mechanismNeedsToken(state: RequestState, identity: Identity | null): boolean {
  if (!identity) return !state.core.config.csrfIgnoreUnauthEndpoints;
  return state.core.config.csrfProtectMechanisms.includes(identity.mechanism);
}

/** For a POST to one of Barbican's own endpoints. */
export async function endpointCsrfFailure(
  state: RequestState,
  options: { logout?: boolean } = {},
): Promise<CsrfFailure | null> {
  // Whatever the cookie state: a SameSite=Lax cookie never arrives cross-site, so "no cookie" is
  // exactly what a forged login from another site looks like (and csrfIgnoreUnauthEndpoints would
  // otherwise let it sign the victim's browser in as the attacker).
  if (isCrossOrigin(state)) return 'CSRF_CROSS_ORIGIN';
  const needed = options.logout ? state.core.config.logoutCsrf : mechanismNeedsToken(state, state.identity);
  return needed ? checkCsrf(state) : null;
}

/** For an app route, once a guard has established (or failed to establish) the identity. */
export async function guardCsrfFailure(
  state: RequestState,
  identity: Identity | null,
): Promise<CsrfFailure | null> {
  if (!isMutating(state)) return null;
  if (identity?.mechanism === 'session' && isCrossOrigin(state)) return 'CSRF_CROSS_ORIGIN';
  const { config } = state.core;
  if (!identity || !config.csrfProtectAll || config.csrfCheckDefault) return null;
  return mechanismNeedsToken(state, identity) ? checkCsrf(state) : null;
}

/** csrfProtectAll with csrfCheckDefault: every mutating app request, before any guard. */
export async function earlyCsrfFailure(state: RequestState): Promise<CsrfFailure | null> {
  const { config } = state.core;
  if (!config.csrfProtectAll || !config.csrfCheckDefault || !isMutating(state)) return null;
  return checkCsrf(state);
}

/** unauthCsrf(): authenticated callers are always checked; anonymous ones unless ignored. */
export async function unauthRouteCsrfFailure(
  state: RequestState,
  identity: Identity | null,
): Promise<CsrfFailure | null> {
  if (!isMutating(state)) return null;
  if (identity?.mechanism === 'session' && isCrossOrigin(state)) return 'CSRF_CROSS_ORIGIN';
  if (!identity && state.core.config.csrfIgnoreUnauthEndpoints) return null;
  return checkCsrf(state);
}
