/**
 * The rows every guarded route is compared with, each an app of its own with the same handler as
 * the demo's routes: `/bench/bare` is the framework alone (no Barbican at all), `/bench/middleware`
 * the framework with one middleware that does nothing (what any middleware costs there, Barbican's
 * or not), `/bench/unguarded` the framework with barbican() mounted and no guard, and in that same
 * app `/bench/session` and `/bench/token` with one guard each (authRequired('session'),
 * authTokenRequired()). A fourth app mounts Barbican as routes (barbicanRoutes):
 * `/bench/routes-mount` has no guard, `/bench/routes-session` and `/bench/routes-token` have the
 * guards it binds (on Hono as `guarded(guard, handler)` routes). The demo app's own `/api/session-only` (body parsers, a
 * route table) is measured beside them. The node listener picks the app by an exact path test,
 * which every row pays alike.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import { type Context, Hono } from 'hono';
import * as expressAdapter from '../src/adapters/express.js';
import * as honoAdapter from '../src/adapters/hono.js';
import { currentUser } from '../src/context.js';
import type { Security } from '../src/security.js';

export const BARE_PATH = '/bench/bare';
export const UNGUARDED_PATH = '/bench/unguarded';
export const MIDDLEWARE_PATH = '/bench/middleware';
/** Beside /bench/unguarded, behind barbican(): authRequired('session') on the route. */
export const SESSION_PATH = '/bench/session';
/** Beside /bench/unguarded, behind barbican(): authTokenRequired() on the route. */
export const TOKEN_PATH = '/bench/token';
/** The demo app's session-guarded route (its body parsers and route table included). */
export const DEMO_SESSION_PATH = '/api/session-only';
/** The route beside Barbican mounted as routes (barbicanRoutes), no guard, no cookie. */
export const ROUTES_MOUNT_PATH = '/bench/routes-mount';
/** In that app, authRequired('session') of barbicanRoutes (on Hono, as guarded(guard, handler)). */
export const ROUTES_SESSION_PATH = '/bench/routes-session';
/** In that app, authTokenRequired() of barbicanRoutes (on Hono, as guarded(guard, handler)). */
export const ROUTES_TOKEN_PATH = '/bench/routes-token';

export interface ComparisonApps {
  readonly bare: RequestListener;
  readonly middleware: RequestListener;
  readonly unguarded: RequestListener;
  readonly routesMount: RequestListener;
}

/** In front of the route: nothing, a middleware that does nothing, barbican(), or Barbican's routes. */
type Front = Security | 'no-op' | { readonly routes: Security } | null;

function honoApp(path: string, front: Front): RequestListener {
  const app = new Hono();
  const handler = (c: Context) => c.json({ ok: true, user: currentUser()?.email ?? null });
  if (front === 'no-op') app.use((_c, next) => next());
  else if (front && 'routes' in front) {
    const mounted = honoAdapter.barbicanRoutes(front.routes);
    app.route('/', mounted.routes);
    app.get(ROUTES_SESSION_PATH, mounted.guarded(mounted.authRequired('session'), handler));
    app.get(ROUTES_TOKEN_PATH, mounted.guarded(mounted.authTokenRequired(), handler));
  } else if (front) app.use(honoAdapter.barbican(front));
  app.get(path, handler);
  if (front && front !== 'no-op' && !('routes' in front)) {
    app.get(SESSION_PATH, honoAdapter.authRequired('session'), handler);
    app.get(TOKEN_PATH, honoAdapter.authTokenRequired(), handler);
  }
  return getRequestListener(app.fetch) as RequestListener;
}

function expressApp(path: string, front: Front): RequestListener {
  const app = express();
  app.set('trust proxy', false);
  const handler = (_req: express.Request, res: express.Response) => {
    res.json({ ok: true, user: currentUser()?.email ?? null });
  };
  if (front === 'no-op') app.use((_req, _res, next) => next());
  else if (front && 'routes' in front) {
    const mounted = expressAdapter.barbicanRoutes(front.routes);
    app.use(mounted.routes);
    app.get(ROUTES_SESSION_PATH, mounted.authRequired('session'), handler);
    app.get(ROUTES_TOKEN_PATH, mounted.authTokenRequired(), handler);
  } else if (front) app.use(expressAdapter.barbican(front));
  app.get(path, handler);
  if (front && front !== 'no-op' && !('routes' in front)) {
    app.get(SESSION_PATH, expressAdapter.authRequired('session'), handler);
    app.get(TOKEN_PATH, expressAdapter.authTokenRequired(), handler);
  }
  return app;
}

export function comparisonApps(framework: 'hono' | 'express', security: Security): ComparisonApps {
  const make = framework === 'hono' ? honoApp : expressApp;
  return {
    bare: make(BARE_PATH, null),
    middleware: make(MIDDLEWARE_PATH, 'no-op'),
    unguarded: make(UNGUARDED_PATH, security),
    routesMount: make(ROUTES_MOUNT_PATH, { routes: security }),
  };
}

const UNGUARDED_APP_PATHS: ReadonlySet<string> = new Set([UNGUARDED_PATH, SESSION_PATH, TOKEN_PATH]);
const ROUTES_APP_PATHS: ReadonlySet<string> = new Set([
  ROUTES_MOUNT_PATH,
  ROUTES_SESSION_PATH,
  ROUTES_TOKEN_PATH,
]);

/** Sends the comparison paths to their apps and everything else to `app`. */
export function withComparisonRows(rows: ComparisonApps, app: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '';
    if (url === BARE_PATH) rows.bare(request, response);
    else if (url === MIDDLEWARE_PATH) rows.middleware(request, response);
    else if (UNGUARDED_APP_PATHS.has(url)) rows.unguarded(request, response);
    else if (ROUTES_APP_PATHS.has(url)) rows.routesMount(request, response);
    else app(request, response);
  };
}
