/**
 * Defence in depth beyond Flask-Security: a browser marks where a request came from
 * (Sec-Fetch-Site, Origin). A mutating request that rides on a cookie and comes from another site
 * is refused even before any token is looked at, and so is any POST to Barbican's own endpoints
 * (a forged login arrives without the SameSite=Lax cookie: see csrf-policy.ts).
 */
import type { RequestState } from '../context.js';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** A Request or a RequestState (whose method costs the Express adapter no Web Request). */
export function isMutating(request: { readonly method: string }): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

/** The origins allowed to send cookie-borne mutating requests, computed once per Security. */
export function trustedOriginSet(externalUrl: string, extra: readonly string[]): ReadonlySet<string> {
  const origins = new Set([new URL(externalUrl).origin]);
  for (const value of extra) origins.add(new URL(value).origin);
  return origins;
}

/**
 * What the browser says, whatever csrfOriginCheck: this request came from another site or an
 * untrusted origin. A trusted Origin wins over Sec-Fetch-Site. A request with neither header is not a browser's cross-site request (every
 * current browser sends Origin on a cross-origin POST, and Sec-Fetch-Site too): curl,
 * server-to-server calls and native apps pass.
 */
export function browserSaysCrossOrigin(state: RequestState): boolean {
  const origin = state.header('origin');
  // An origin the app named in csrfTrustedOrigins is trusted even from another site (an SPA on
  // app.example calling api.other.example): Sec-Fetch-Site says cross-site there by definition.
  if (origin !== null) return !state.core.trustedOrigins.has(origin);
  return state.header('sec-fetch-site') === 'cross-site';
}

/** The origin check (csrfOriginCheck): true when the request must be refused as cross-site. */
export function isCrossOrigin(state: RequestState): boolean {
  return state.core.config.csrfOriginCheck && browserSaysCrossOrigin(state);
}

/**
 * A write the browser marks as cross-site. Signing in on its answer would be login CSRF, whatever
 * endpoint got there: the session cookie is never written on such a response.
 */
export function isCrossSiteWrite(state: RequestState): boolean {
  return isMutating(state) && isCrossOrigin(state);
}
