/** A guard is a framework-neutral check of one request: it passes (null) or answers (a Response). */
import type { RequestState } from '../context.js';

export interface Guard {
  (state: RequestState): Promise<Response | null>;
  /**
   * Optional fast path: true when the guard surely passes and can tell without waiting (a cached
   * session, nothing else to check), so an adapter calls the route at once; false means "ask the
   * guard". It must never say true where the guard would refuse.
   */
  readonly passesNow?: (state: RequestState) => boolean;
}

/** Gives a guard a readable name in stack traces and adapter listings, and its fast path if any. */
export function namedGuard(
  name: string,
  guard: (state: RequestState) => Promise<Response | null>,
  passesNow?: (state: RequestState) => boolean,
): Guard {
  Object.defineProperty(guard, 'name', { value: name });
  if (passesNow) Object.defineProperty(guard, 'passesNow', { value: passesNow });
  return guard;
}

/** Moves the request's pending Set-Cookie values onto a response (each is sent once). */
export function withStateCookies(state: RequestState, response: Response): Response {
  if (state.setCookies.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const cookie of state.setCookies.splice(0)) headers.append('Set-Cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** A path + query reference to the current request, for `next` (never absolute: no Host trust). */
export function relativeRequestTarget(state: RequestState): string {
  return `${state.url.pathname}${state.url.search}`;
}
