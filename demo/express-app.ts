/** The demo's routes on Express 5, the same as the Hono app (the adapter suite runs both). */
import express, { type Express, type Request, type Response } from 'express';
import {
  authOptional,
  authRequired,
  authTokenRequired,
  barbican,
  barbicanErrorHandler,
  currentUser,
  httpAuthRequired,
  permissionsRequired,
  rolesAccepted,
  rolesRequired,
  unauthCsrf,
} from '../src/adapters/express.js';
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
  app.use(barbican(security));
  if (!options.parsersFirst) app.use(...parsers);
  const ok = (_req: Request, res: Response) => {
    res.json({ ok: true, user: currentUser()?.email ?? null });
  };
  app.get('/', authOptional(), async (_req, res) => {
    res.type('html').send(await renderHome(security, options));
  });
  // No guard: authOptional only identifies the caller, so `user` is the email when signed in.
  app.get('/api/public', authOptional(), ok);
  app.get('/api/session-or-token', authRequired('session', 'token'), ok);
  app.get('/api/session-only', authRequired('session'), ok);
  app.get('/api/token', authTokenRequired(), ok);
  app.get('/api/basic', httpAuthRequired(), ok);
  app.get('/api/admin', authRequired(), rolesRequired('admin'), ok);
  app.get('/api/roles-only', rolesAccepted('admin', 'user'), ok);
  app.get('/api/perm-write', authRequired(), permissionsRequired('admin-write'), ok);
  app.post('/api/mutate', authRequired('token', 'session'), ok);
  app.get('/api/fresh', authRequired({ within: options.freshWithinSeconds, grace: 0 }), ok);
  app.post('/api/unauth-csrf', unauthCsrf(), ok);
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
