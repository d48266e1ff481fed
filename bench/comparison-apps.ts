/**
 * The rows every guarded route is compared with, each an app of its own with one route and the
 * same handler as the demo's routes: `/bench/bare` is the framework alone (no Barbican at all),
 * `/bench/middleware` the framework with one middleware that does nothing (what any middleware
 * costs there, Barbican's or not), `/bench/unguarded` the framework with barbican() mounted and
 * no guard. The node listener picks the app by an exact path test, which every row pays alike.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import * as expressAdapter from '../src/adapters/express.js';
import * as honoAdapter from '../src/adapters/hono.js';
import { currentUser } from '../src/context.js';
import type { Security } from '../src/security.js';

export const BARE_PATH = '/bench/bare';
export const UNGUARDED_PATH = '/bench/unguarded';
export const MIDDLEWARE_PATH = '/bench/middleware';
/** Hono only: the route beside Barbican mounted as routes (barbicanRoutes), no guard, no cookie. */
export const ROUTES_MOUNT_PATH = '/bench/routes-mount';

export interface ComparisonApps {
  readonly bare: RequestListener;
  readonly middleware: RequestListener;
  readonly unguarded: RequestListener;
  readonly routesMount?: RequestListener;
}

/** In front of the route: nothing, a middleware that does nothing, barbican(), or Barbican's routes. */
type Front = Security | 'no-op' | { readonly routes: Security } | null;

function honoApp(path: string, front: Front): RequestListener {
  const app = new Hono();
  if (front === 'no-op') app.use((_c, next) => next());
  else if (front && 'routes' in front) app.route('/', honoAdapter.barbicanRoutes(front.routes).routes);
  else if (front) app.use(honoAdapter.barbican(front));
  app.get(path, (c) => c.json({ ok: true, user: currentUser()?.email ?? null }));
  return getRequestListener(app.fetch) as RequestListener;
}

function expressApp(path: string, front: Exclude<Front, { readonly routes: Security }>): RequestListener {
  const app = express();
  app.set('trust proxy', false);
  if (front === 'no-op') app.use((_req, _res, next) => next());
  else if (front) app.use(expressAdapter.barbican(front));
  app.get(path, (_req, res) => {
    res.json({ ok: true, user: currentUser()?.email ?? null });
  });
  return app;
}

export function comparisonApps(framework: 'hono' | 'express', security: Security): ComparisonApps {
  const make = framework === 'hono' ? honoApp : expressApp;
  return {
    bare: make(BARE_PATH, null),
    middleware: make(MIDDLEWARE_PATH, 'no-op'),
    unguarded: make(UNGUARDED_PATH, security),
    ...(framework === 'hono' ? { routesMount: honoApp(ROUTES_MOUNT_PATH, { routes: security }) } : {}),
  };
}

/** Sends the two comparison paths to their apps and everything else to `app`. */
export function withComparisonRows(rows: ComparisonApps, app: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.url === BARE_PATH) rows.bare(request, response);
    else if (request.url === MIDDLEWARE_PATH) rows.middleware(request, response);
    else if (request.url === ROUTES_MOUNT_PATH && rows.routesMount) rows.routesMount(request, response);
    else if (request.url === UNGUARDED_PATH) rows.unguarded(request, response);
    else app(request, response);
  };
}
