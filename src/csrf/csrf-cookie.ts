/**
 * SPA mode (csrfCookieName): the current CSRF token in a cookie JavaScript can read, for clients
 * that echo it in a header (axios' X-XSRF-Token). Set at login and GET /login, refreshed per
 * csrfCookieRefreshEachRequest, removed at logout.
 */
import { loadSession } from '../auth/session.js';
import type { RequestState } from '../context.js';
import { type CookieOptions, deleteCookie, serializeCookie } from '../http/cookies.js';
import { csrfTokenFor } from './csrf-token.js';

function csrfCookieOptions(state: RequestState): CookieOptions {
  const { config } = state.core;
  const attrs = config.csrfCookie;
  const sameSite = typeof attrs.samesite === 'string' ? attrs.samesite : 'Strict';
  return {
    path: typeof attrs.path === 'string' ? attrs.path : '/',
    domain: typeof attrs.domain === 'string' ? attrs.domain : null,
    secure: typeof attrs.secure === 'boolean' ? attrs.secure : config.sessionCookieSecure,
    httpOnly: attrs.httponly === true,
    sameSite: (['Lax', 'Strict', 'None'].includes(sameSite)
      ? sameSite
      : 'Strict') as CookieOptions['sameSite'],
  };
}

function replace(state: RequestState, name: string, cookie: string): void {
  const kept = state.setCookies.filter((c) => !c.startsWith(`${name}=`));
  state.setCookies.length = 0;
  state.setCookies.push(...kept, cookie);
}

export async function setCsrfCookie(state: RequestState): Promise<void> {
  const name = state.core.config.csrfCookieName;
  if (!name) return;
  replace(state, name, serializeCookie(name, await csrfTokenFor(state), csrfCookieOptions(state)));
}

export function clearCsrfCookie(state: RequestState): void {
  const name = state.core.config.csrfCookieName;
  if (name) replace(state, name, deleteCookie(name, csrfCookieOptions(state)));
}

/** With csrfCookieRefreshEachRequest, every response to a signed-in caller renews the cookie. */
export async function refreshCsrfCookie(state: RequestState): Promise<void> {
  const { config } = state.core;
  if (!config.csrfCookieName || !config.csrfCookieRefreshEachRequest) return;
  if ((await loadSession(state)).kind !== 'user') return;
  if (state.setCookies.some((c) => c.startsWith(`${config.csrfCookieName}=`))) return;
  await setCsrfCookie(state);
}
