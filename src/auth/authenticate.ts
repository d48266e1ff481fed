/**
 * Establishes who a request is, trying the allowed mechanisms in the given order. The identity is
 * always the one the succeeding mechanism proved: no mixing of a token's roles with a session's
 * user (Flask-Security 5.1.2's CSRF bypass came from exactly that mix).
 */
import type { Identity, RequestState } from '../context.js';
import type { AuthMechanism } from '../events.js';
import { authenticateBasic } from './basic.js';
import { loadSession, loadSessionNow } from './session.js';
import { authenticateToken, authenticateTokenNow } from './token.js';

async function tryMechanism(state: RequestState, mechanism: AuthMechanism): Promise<Identity | null> {
  if (mechanism === 'session') {
    const session = await loadSession(state);
    if (session.kind !== 'user') return null;
    return { user: session.user, mechanism, authenticatedAt: session.record.authenticatedAt };
  }
  if (mechanism === 'token') {
    const result = await authenticateToken(state);
    return result ? { user: result.user, mechanism, authenticatedAt: result.authenticatedAt } : null;
  }
  const user = await authenticateBasic(state);
  return user ? { user, mechanism, authenticatedAt: state.core.clock.nowMs() } : null;
}

/**
 * What authenticate() would answer, when it can be known without waiting: every mechanism before
 * the one that proves it is surely absent (no token in the query or header and no JSON body that
 * may hold one; no Authorization header; no session cookie), and the one that proves it is a
 * cache hit (a checked token or session cookie whose user the never-stale cache holds). Null when
 * every mechanism is surely absent; undefined whenever only authenticate() can tell.
 */
export function authenticateNow(
  state: RequestState,
  mechanisms: readonly AuthMechanism[],
): Identity | null | undefined {
  if (state.identity && mechanisms.includes(state.identity.mechanism)) return state.identity;
  for (const mechanism of mechanisms) {
    if (mechanism === 'token') {
      const token = authenticateTokenNow(state);
      if (token === undefined) return undefined;
      if (token === null) continue;
      state.identity = { user: token.user, mechanism, authenticatedAt: token.authenticatedAt };
      return state.identity;
    } else if (mechanism === 'basic') {
      if (state.header('authorization') !== null) return undefined;
    } else {
      const session = loadSessionNow(state);
      if (session === undefined) return undefined;
      if (session.kind !== 'user') continue;
      state.identity = { user: session.user, mechanism, authenticatedAt: session.record.authenticatedAt };
      return state.identity;
    }
  }
  return null;
}

/**
 * Returns the identity when one of `mechanisms` proves it. An identity already established for
 * this request by an allowed mechanism is reused; one from a mechanism not allowed here is not.
 */
export async function authenticate(
  state: RequestState,
  mechanisms: readonly AuthMechanism[],
): Promise<Identity | null> {
  if (state.identity && mechanisms.includes(state.identity.mechanism)) return state.identity;
  for (const mechanism of mechanisms) {
    const identity = await tryMechanism(state, mechanism);
    if (identity) {
      state.identity = identity;
      return identity;
    }
  }
  return null;
}
