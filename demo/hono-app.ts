/** The demo's routes on Hono: every guard on an example route, answering `{ ok, user }`. */
import { type Context, type Handler, Hono, type MiddlewareHandler } from 'hono';
import * as plainGuards from '../src/adapters/hono.js';
import { barbican, barbicanRoutes, currentUser } from '../src/adapters/hono.js';
import type { Security } from '../src/security.js';
import type { DemoAppOptions } from './dev-mailbox.js';
import { renderHome } from './home-page.js';
import { requestFromLoopback } from './loopback.js';
import { renderOutbox } from './outbox-page.js';

/** A route's guards, then its handler. */
type Parts = [MiddlewareHandler, ...MiddlewareHandler[], Handler];

/** The guards and how a route takes them: spread as middleware, or one guarded() handler. */
function honoMount(security: Security, app: Hono, mount: DemoAppOptions['mount']) {
  if (mount !== 'routes') {
    app.use(barbican(security));
    return { ...plainGuards, route: (...parts: Parts): Handler[] => parts };
  }
  const { routes, guarded, ...guards } = barbicanRoutes(security);
  app.route('/', routes);
  return {
    ...guards,
    route: (...parts: Parts): Handler[] => [guarded(...parts)],
  };
}

export function createHonoDemoApp(security: Security, options: DemoAppOptions): Hono {
  const app = new Hono();
  const ok = (c: Context) => c.json({ ok: true, user: currentUser()?.email ?? null });
  const g = honoMount(security, app, options.mount);
  // Typed loosely on purpose: the handlers come as an array, which Hono's overloads do not take.
  const on = app.on.bind(app) as unknown as (method: string, path: string, ...handlers: Handler[]) => Hono;
  const get = (path: string, ...parts: Parts) => on('GET', path, ...g.route(...parts));
  const post = (path: string, ...parts: Parts) => on('POST', path, ...g.route(...parts));
  get('/', g.authOptional(), async (c) => c.html(await renderHome(security, options)));
  // No guard: authOptional only identifies the caller, so `user` is the email when signed in.
  get('/api/public', g.authOptional(), ok);
  get('/api/session-or-token', g.authRequired('session', 'token'), ok);
  get('/api/session-only', g.authRequired('session'), ok);
  get('/api/token', g.authTokenRequired(), ok);
  get('/api/basic', g.httpAuthRequired(), ok);
  get('/api/admin', g.authRequired(), g.rolesRequired('admin'), ok);
  get('/api/roles-only', g.rolesAccepted('admin', 'user'), ok);
  get('/api/perm-write', g.authRequired(), g.permissionsRequired('admin-write'), ok);
  post('/api/mutate', g.authRequired('token', 'session'), ok);
  get('/api/fresh', g.authRequired({ within: options.freshWithinSeconds, grace: 0 }), ok);
  post('/api/unauth-csrf', g.unauthCsrf(), ok);
  const mailbox = options.devMailbox;
  if (options.devOutbox && mailbox) {
    app.get('/dev/outbox', async (c) =>
      requestFromLoopback() ? c.html(await renderOutbox(security, mailbox)) : c.notFound(),
    );
  }
  return app;
}
