/**
 * Freshness: a session is fresh while its primary authentication is younger than `within`; a passed
 * check opens a grace window during which the session stays fresh (Flask-Security's fs_gexp).
 * Token callers are fresh only with freshnessAllowAuthToken, measured from the token's auth time.
 */
import { updateSession } from '../auth/session.js';
import type { Identity, RequestState } from '../context.js';

const GRACE_KEY = 'freshGraceUntil';

export async function isFresh(
  state: RequestState,
  identity: Identity,
  withinSeconds: number,
  graceSeconds: number,
): Promise<boolean> {
  if (withinSeconds < 0) return true;
  const now = state.core.clock.nowMs();
  if (identity.mechanism === 'token') {
    return state.core.config.freshnessAllowAuthToken && now - identity.authenticatedAt < withinSeconds * 1000;
  }
  if (identity.mechanism !== 'session' || state.session?.kind !== 'user') return false;
  const graceUntil = state.session.record.data[GRACE_KEY];
  if (typeof graceUntil === 'number' && now < graceUntil) return true;
  if (now - identity.authenticatedAt >= withinSeconds * 1000) return false;
  if (graceSeconds > 0) {
    await updateSession(state, {
      data: { ...state.session.record.data, [GRACE_KEY]: now + graceSeconds * 1000 },
    });
  }
  return true;
}

/** A fresh primary authentication (login, verify) closes any open grace window. */
export function clearedGrace(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [GRACE_KEY]: _dropped, ...rest } = data;
  return rest;
}
