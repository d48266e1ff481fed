/**
 * Routes a request to a built-in endpoint of an enabled feature: exact paths, paths ending in
 * `/:name` (a mailed token), 405 with Allow for a known path and an unknown method.
 */
import { type RequestState, runWithState } from './context.js';
import type { SecurityCore } from './core.js';
import { refreshCsrfCookie } from './csrf/csrf-cookie.js';
import type { Feature, Route } from './features/route.js';
import { errorResult, respond } from './http/responder.js';
import { MESSAGES } from './messages.js';

export interface Router {
  /** True when the path is one of the enabled features' endpoints. */
  owns(pathname: string): boolean;
  /** Every endpoint's path pattern (`/reset/:token` style), for frameworks that route by pattern. */
  paths(): readonly string[];
  /** Serves the endpoint, or null when the request is not for one (or is a CORS preflight). */
  serve(state: RequestState): Promise<Response | null>;
}

/** A route path ending in `/:name` matches any one non-empty last segment (e.g. a mailed token). */
function routeKey(path: string): string {
  return path.replace(/\/:[^/]+$/, '/:');
}

export function createRouter(core: SecurityCore, features: readonly Feature[]): Router {
  const routes = new Map<string, Map<string, Route>>();
  const patterns = new Set<string>();
  for (const feature of features) {
    for (const route of feature.routes(core)) {
      patterns.add(route.path);
      const key = routeKey(route.path);
      const byMethod = routes.get(key) ?? new Map<string, Route>();
      byMethod.set(route.method, route);
      routes.set(key, byMethod);
    }
  }
  const find = (pathname: string): Map<string, Route> | undefined =>
    routes.get(pathname) ?? routes.get(pathname.replace(/\/[^/]+$/, '/:'));

  async function run(state: RequestState, route: Route): Promise<Response> {
    try {
      return await route.handler(state);
    } catch (error) {
      const known = errorResult(error);
      if (known) return respond(state, known);
      core.reportError(error);
      return respond(state, { status: 500, errors: ['Internal error.'] });
    }
  }

  return {
    owns: (pathname) => find(pathname) !== undefined,
    paths: () => [...patterns],
    async serve(state) {
      // Path first: it is all an app route's request has to show here (no Request conversion).
      const byMethod = find(state.pathname);
      if (!byMethod) return null;
      // CORS preflights are the app's (its CORS middleware may be mounted after Barbican).
      if (state.request.method.toUpperCase() === 'OPTIONS') return null;
      const method =
        state.request.method.toUpperCase() === 'HEAD' ? 'GET' : state.request.method.toUpperCase();
      const route = byMethod.get(method);
      if (!route) {
        return respond(state, {
          status: 405,
          errors: [MESSAGES.METHOD_NOT_ALLOWED],
          headers: { Allow: [...byMethod.keys()].join(', ') },
        });
      }
      await refreshCsrfCookie(state);
      return runWithState(state, () => run(state, route));
    },
  };
}
