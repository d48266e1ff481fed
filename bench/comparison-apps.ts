/**
 * The two rows every guarded route is compared with, each an app of its own with one route and
 * the same handler as the demo's routes: `/bench/bare` is the framework alone (no Barbican at
 * all), `/bench/unguarded` the framework with barbican() mounted and no guard. The node listener
 * picks the app by an exact path test, which every row pays alike.
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

export interface ComparisonApps {
  readonly bare: RequestListener;
  readonly unguarded: RequestListener;
}

function honoApp(path: string, security: Security | null): RequestListener {
  const app = new Hono();
  if (security) app.use(honoAdapter.barbican(security));
  app.get(path, (c) => c.json({ ok: true, user: currentUser()?.email ?? null }));
  return getRequestListener(app.fetch) as RequestListener;
}

function expressApp(path: string, security: Security | null): RequestListener {
  const app = express();
  app.set('trust proxy', false);
  if (security) app.use(expressAdapter.barbican(security));
  app.get(path, (_req, res) => {
    res.json({ ok: true, user: currentUser()?.email ?? null });
  });
  return app;
}

export function comparisonApps(framework: 'hono' | 'express', security: Security): ComparisonApps {
  const make = framework === 'hono' ? honoApp : expressApp;
  return { bare: make(BARE_PATH, null), unguarded: make(UNGUARDED_PATH, security) };
}

/** Sends the two comparison paths to their apps and everything else to `app`. */
export function withComparisonRows(rows: ComparisonApps, app: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.url === BARE_PATH) rows.bare(request, response);
    else if (request.url === UNGUARDED_PATH) rows.unguarded(request, response);
    else app(request, response);
  };
}
