/** The demo's routes on Express 5, the same as the Hono app (the adapter suite runs both). */
import express, { type Express, type Request, type Response } from 'express';
import * as plainGuards from '../src/adapters/express.js';
import { barbican, barbicanErrorHandler, barbicanRoutes, currentUser } from '../src/adapters/express.js';
import type { Security } from '../src/security.js';
import type { DemoAppOptions } from './dev-mailbox.js';
import { renderHome } from './home-page.js';
import { requestFromLoopback } from './loopback.js';
import { renderOutbox } from './outbox-page.js';

export interface ExpressDemoOptions extends DemoAppOptions {
  /** Register express.json()/urlencoded() before Barbican (true) or after it (false). */
  readonly parsersFirst?: boolean;
}

export function createExpressDemoApp(security: Security, options: ExpressDemoOptions): Express {
  const app = express();
  app.set('trust proxy', false);
  const parsers = [express.json(), express.urlencoded({ extended: false })];
  if (options.parsersFirst) app.use(...parsers);
  const routesMount = options.mount === 'routes' ? barbicanRoutes(security) : null;
  app.use(routesMount ? routesMount.routes : barbican(security));
  if (!options.parsersFirst) app.use(...parsers);
  // The guards: bound to the routes mount, or the plain ones that need barbican() in front.
  const g = routesMount ?? plainGuards;
  const ok = (_req: Request, res: Response) => {
    res.json({ ok: true, user: currentUser()?.email ?? null });
  };
  app.get('/', g.authOptional(), async (_req, res) => {
    res.type('html').send(await renderHome(security, options));
  });
  // No guard: authOptional only identifies the caller, so `user` is the email when signed in.
  app.get('/api/public', g.authOptional(), ok);
  app.get('/api/session-or-token', g.authRequired('session', 'token'), ok);
  app.get('/api/session-only', g.authRequired('session'), ok);
  app.get('/api/token', g.authTokenRequired(), ok);
  app.get('/api/basic', g.httpAuthRequired(), ok);
  app.get('/api/admin', g.authRequired(), g.rolesRequired('admin'), ok);
  app.get('/api/roles-only', g.rolesAccepted('admin', 'user'), ok);
  app.get('/api/perm-write', g.authRequired(), g.permissionsRequired('admin-write'), ok);
  app.post('/api/mutate', g.authRequired('token', 'session'), ok);
  app.get('/api/fresh', g.authRequired({ within: options.freshWithinSeconds, grace: 0 }), ok);
  app.post('/api/unauth-csrf', g.unauthCsrf(), ok);
  const mailbox = options.devMailbox;
  if (options.devOutbox && mailbox) {
    app.get('/dev/outbox', async (_req, res) => {
      if (!requestFromLoopback()) {
        res.sendStatus(404);
        return;
      }
      res.type('html').send(await renderOutbox(security, mailbox));
    });
  }
  app.use(barbicanErrorHandler());
  return app;
}
