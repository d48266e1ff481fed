/** The demo's routes on Hono: every guard on an example route, answering `{ ok, user }`. */
import { Hono } from 'hono';
import {
  authOptional,
  authRequired,
  authTokenRequired,
  barbican,
  currentUser,
  httpAuthRequired,
  permissionsRequired,
  rolesAccepted,
  rolesRequired,
  unauthCsrf,
} from '../src/adapters/hono.js';
import type { Security } from '../src/security.js';
import type { DemoAppOptions } from './dev-mailbox.js';
import { renderHome } from './home-page.js';
import { requestFromLoopback } from './loopback.js';
import { renderOutbox } from './outbox-page.js';

export function createHonoDemoApp(security: Security, options: DemoAppOptions): Hono {
  const app = new Hono();
  const ok = (c: { json: (body: unknown) => Response }) =>
    c.json({ ok: true, user: currentUser()?.email ?? null });
  app.use(barbican(security));
  app.get('/', authOptional(), async (c) => c.html(await renderHome(security, options)));
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
    app.get('/dev/outbox', async (c) =>
      requestFromLoopback() ? c.html(await renderOutbox(security, mailbox)) : c.notFound(),
    );
  }
  return app;
}
