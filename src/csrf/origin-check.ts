/**
 * Defence in depth beyond Flask-Security: a browser marks where a request came from
 * (Sec-Fetch-Site, Origin). A mutating request that rides on a cookie and comes from another site
 * is refused even before any token is looked at.
 */
import type { RequestState } from '../context.js';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isMutating(request: Request): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

/** The origins allowed to send cookie-borne mutating requests, computed once per Security. */
export function trustedOriginSet(externalUrl: string, extra: readonly string[]): ReadonlySet<string> {
  const origins = new Set([new URL(externalUrl).origin]);
  for (const value of extra) origins.add(new URL(value).origin);
  return origins;
}

/** True when the browser says this request came from another site or an untrusted origin. */
export function isCrossOrigin(state: RequestState): boolean {
  if (!state.core.config.csrfOriginCheck) return false;
  const headers = state.request.headers;
  if (headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = headers.get('origin');
  if (origin === null) return false;
  return !state.core.trustedOrigins.has(origin);
}
