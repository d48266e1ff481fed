/**
 * What a framework adapter needs from a Security and an app never does: the per-request state,
 * the router, the early CSRF admission, guards and the cookies a response must carry. Kept off
 * the Security object (an app sees only what it uses) and reached through `barbican/adapter`.
 */
import { createRequestState, type RequestState, type RequestStateOptions, runWithState } from './context.js';
import type { SecurityCore } from './core.js';
import { refreshCsrfCookie } from './csrf/csrf-cookie.js';
import { earlyCsrfFailure } from './csrf/csrf-policy.js';
import { csrfFailureResponse } from './csrf/csrf-response.js';
import { isMutating } from './csrf/origin-check.js';
import type { Guard } from './guards/guard.js';
import { errorResult, respond } from './http/responder.js';
import type { Router } from './router.js';

export interface AdapterHooks {
  /** The per-request state; make it once per request, before anything else. */
  createRequestState(request: Request | (() => Request), options?: RequestStateOptions): RequestState;
  /** Serves a built-in endpoint, or returns null when the request is not for one. */
  serve(state: RequestState): Promise<Response | null>;
  /** True when the path is one of Barbican's built-in endpoints (e.g. to skip a body parser). */
  ownsPath(pathname: string): boolean;
  /** The built-in endpoints' path patterns (`/reset/:token` style), to register them as routes. */
  ownPaths(): readonly string[];
  /**
   * True when this configuration needs Barbican in front of every request, guarded or not
   * (csrfProtectAll with csrfCheckDefault, or csrfCookieRefreshEachRequest): a routes-only mount
   * cannot serve it.
   */
  readonly admitsEveryRequest: boolean;
  /**
   * Before an app route runs: the early CSRF check of csrfProtectAll (a Response to send instead),
   * and the CSRF cookie refresh of csrfCookieRefreshEachRequest. Null at once (no promise) when
   * the configuration asks for neither, which is the common case and the unguarded hot path.
   */
  admit(state: RequestState): Promise<Response | null> | null;
  /** Runs guards in order; the first refusal is the answer. Barbican's own 4xx errors become responses. */
  runGuards(state: RequestState, guards: readonly Guard[]): Promise<Response | null>;
  /** When the app's response goes out: the Set-Cookie values it must carry. */
  drainCookies(state: RequestState): string[];
  /** Runs fn inside the request context (currentUser() and guards read it). */
  runInContext<T>(state: RequestState, fn: () => T): T;
}

export function createAdapterHooks(core: SecurityCore, router: Router): AdapterHooks {
  const { config } = core;
  // Decided once: which per-request admission work this configuration can ever need.
  const earlyCsrf = config.csrfProtectAll && config.csrfCheckDefault;
  const refreshCookie = Boolean(config.csrfCookieName) && config.csrfCookieRefreshEachRequest;
  async function admit(state: RequestState): Promise<Response | null> {
    const failure = await earlyCsrfFailure(state);
    if (failure) return csrfFailureResponse(state, failure);
    await refreshCsrfCookie(state);
    return null;
  }
  return {
    createRequestState: (request, options = {}) => createRequestState(core, request, options),
    serve: (state) => router.serve(state),
    ownsPath: (pathname) => router.owns(pathname),
    ownPaths: () => router.paths(),
    admitsEveryRequest: earlyCsrf || refreshCookie,
    admit(state) {
      if (!refreshCookie && !(earlyCsrf && isMutating(state))) return null;
      return admit(state);
    },
    async runGuards(state, guards) {
      try {
        for (const guard of guards) {
          const refused = await guard(state);
          if (refused) return refused;
        }
      } catch (error) {
        // A body a guard had to read (a token in JSON) that is malformed is the caller's 4xx.
        const known = errorResult(error);
        if (known) return respond(state, known);
        throw error;
      }
      return null;
    },
    drainCookies: (state) => state.setCookies.splice(0),
    runInContext: (state, fn) => runWithState(state, fn),
  };
}

/** Each Security's hooks, found by the Security itself; nothing about them shows on the object. */
const HOOKS = new WeakMap<object, AdapterHooks>();

export function registerAdapterHooks(security: object, hooks: AdapterHooks): void {
  HOOKS.set(security, hooks);
}

export function findAdapterHooks(security: object): AdapterHooks | undefined {
  return HOOKS.get(security);
}
