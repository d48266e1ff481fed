/**
 * barbican/hono: Barbican in a Hono app. Hono is Fetch-native, so this only opens the request
 * context, serves the built-in endpoints, and runs guards as middleware.
 *
 * @example
 * const app = new Hono();
 * app.use(barbican(security));
 * app.get('/doc', authRequired('session', 'token'), (c) => c.json({ user: currentUser()?.email }));
 */
import type { IncomingMessage } from 'node:http';
import { type Context, type Handler, Hono, type MiddlewareHandler, type Next } from 'hono';
import { adapterHooks } from '../adapter.js';
import type { AdapterHooks } from '../adapter-hooks.js';
import { currentState, type RequestState, type RequestStateOptions } from '../context.js';
import { type Guard, withStateCookies } from '../guards/guard.js';
import { clientIpFrom } from '../http/client-ip.js';
import { rawPathnameOfUrl } from '../http/raw-path.js';
import type { Security } from '../security.js';
import { drainBody, keptOpen, shouldLinger } from './linger.js';
import { MOUNT_FIRST, routesOnlyHooks, runGuard, wrapGuards } from './wrap-guards.js';

export interface HonoBarbicanOptions {
  /** The socket peer address; the default reads @hono/node-server's `c.env.incoming`. */
  readonly remoteAddress?: (c: Context) => string | null | undefined;
}

function nodeRemoteAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming = env.incoming as { socket?: { remoteAddress?: string } } | undefined;
  return incoming?.socket?.remoteAddress;
}

/** A 413 from an endpoint is answered on an open connection while the body drains (linger.ts). */
function linger(c: Context, response: Response): Response {
  const env: unknown = c.env;
  const incoming =
    typeof env === 'object' && env !== null && 'incoming' in env
      ? (env.incoming as IncomingMessage | undefined)
      : undefined;
  if (!incoming || !shouldLinger(response, incoming)) return response;
  drainBody(incoming);
  return keptOpen(response);
}

function appendCookies(c: Context, cookies: readonly string[]): void {
  for (const cookie of cookies) c.res.headers.append('Set-Cookie', cookie);
}

/**
 * One request as the request state sees it: one object whose methods live on the prototype, so a
 * request that never asks costs no closures. Nothing is parsed here that a route may never ask
 * for (client IP, URL, cookies, Accept).
 */
class HonoRequestSource implements RequestStateOptions {
  readonly pathname?: string;
  readonly #c: Context;
  readonly #mount: HonoMount;

  constructor(c: Context, mount: HonoMount) {
    this.#c = c;
    this.#mount = mount;
    // From the URL, not c.req.path: an app's custom getPath (host-based routing) changes the latter.
    const pathname = rawPathnameOfUrl(c.req.url);
    if (pathname !== undefined) this.pathname = pathname;
  }

  clientIp(): string | null {
    const c = this.#c;
    return clientIpFrom(this.#mount.remote(c), c.req.header('x-forwarded-for'), this.#mount.trustedProxies);
  }

  /** e.g. hono/secure-headers' "secureHeadersNonce", set before Barbican when mounted first. */
  appValue(key: string): unknown {
    return (this.#c as unknown as { get(key: string): unknown }).get(key);
  }
}

/** What every request of one mount shares. */
interface HonoMount {
  readonly remote: (c: Context) => string | null | undefined;
  readonly trustedProxies: Security['config']['trustedProxies'];
}

/** Makes one request's state from Hono's context; nothing is parsed until something asks. */
function stateMaker(
  security: Security,
  hooks: AdapterHooks,
  options: HonoBarbicanOptions,
): (c: Context) => RequestState {
  const mount: HonoMount = {
    remote: options.remoteAddress ?? nodeRemoteAddress,
    trustedProxies: security.config.trustedProxies,
  };
  return (c) => hooks.createRequestState(c.req.raw, new HonoRequestSource(c, mount));
}

/** The middleware to mount first: request context, built-in endpoints, pending cookies. */
export function barbican(security: Security, options: HonoBarbicanOptions = {}): MiddlewareHandler {
  const hooks = adapterHooks(security);
  const makeState = stateMaker(security, hooks, options);
  // Not async: the common request (not ours, nothing to admit) adds one promise, next()'s own.
  return function barbicanMiddleware(c, next) {
    const state = makeState(c);
    if (hooks.ownsPath(state.pathname)) return serveOwn(hooks, c, state, next);
    return inContext(hooks, c, state, next);
  };
}

type BoundGuards = ReturnType<typeof wrapGuards<MiddlewareHandler>>;

/** barbicanRoutes(): Barbican's endpoints as routes of their own, and guards bound to the Security. */
export interface BarbicanRoutes extends BoundGuards {
  /** The built-in endpoints (login, logout, reset, …): mount with `app.route('/', routes)`. */
  readonly routes: Hono;
  /**
   * One route handler made of these guards and the app's handler: `app.get('/doc',
   * guarded(authRequired('session'), (c) => c.json(…)))`. It answers as the same guards given as
   * middleware would, but Hono then has a single handler to call and no middleware chain to run,
   * so a caller the guards pass at once (a known session or token) is answered synchronously.
   */
  readonly guarded: <H extends Handler>(
    ...guardsThenHandler: [MiddlewareHandler, ...MiddlewareHandler[], H]
  ) => H;
}

/**
 * The other way to mount Barbican: its endpoints as routes, and guards that open the request
 * context themselves, so an app route without a guard runs no Barbican code at all (with
 * `barbican()` as middleware, every route goes through Hono's middleware chain). In exchange,
 * `currentUser()`, `csrfToken()` and `handleCsrf()` work only in routes with one of these guards
 * (`authOptional()` on a public page), and configurations that check every request
 * (csrfProtectAll with csrfCheckDefault, csrfCookieRefreshEachRequest) are refused: use
 * `barbican()` for those.
 *
 * @example
 * const { routes, authRequired } = barbicanRoutes(security);
 * app.route('/', routes);
 * app.get('/doc', authRequired('session', 'token'), (c) => c.json({ user: currentUser()?.email }));
 */
export function barbicanRoutes(security: Security, options: HonoBarbicanOptions = {}): BarbicanRoutes {
  const hooks = routesOnlyHooks(security);
  const makeState = stateMaker(security, hooks, options);
  const routes = new Hono();
  const own: MiddlewareHandler = (c, next) => serveOwn(hooks, c, makeState(c), next);
  for (const path of hooks.ownPaths()) routes.all(path, own);
  // Which guard each bound middleware runs, so guarded() can run them without a middleware chain.
  const guardOf = new WeakMap<MiddlewareHandler, Guard>();
  const bound = (guard: Guard): MiddlewareHandler => {
    const middleware: MiddlewareHandler = function barbicanGuard(c, next) {
      // Inside barbican() or another of these guards the context is open: only guard.
      const open = currentState();
      if (open) return guardIn(open, guard, next);
      const state = makeState(c);
      return hooks.runInContext(state, () => {
        // Cookies queued by the route (csrfToken() for a new visitor) go out with its answer.
        if (guard.passesNow?.(state)) return next().then(() => withQueuedCookies(hooks, c, state));
        return guardSlowly(state, guard, next).then(
          (refused) => refused ?? withQueuedCookies(hooks, c, state),
        );
      });
    };
    guardOf.set(middleware, guard);
    return middleware;
  };
  const guarded = <H extends Handler>(...parts: [MiddlewareHandler, ...MiddlewareHandler[], H]): H => {
    const handler = parts.at(-1) as Handler;
    const chain = parts.slice(0, -1).map((part) => {
      const guard = guardOf.get(part as MiddlewareHandler);
      if (!guard) throw new TypeError(GUARDED_USAGE);
      return guard;
    });
    if (chain.length === 0 || typeof handler !== 'function') throw new TypeError(GUARDED_USAGE);
    const route: Handler = function guardedRoute(c, next) {
      const open = currentState();
      // Behind barbican(): the context is open and barbican() adds the queued cookies itself.
      if (open)
        return allPassNow(chain, open) ? handler(c, next) : guardThenHandle(open, chain, handler, c, next);
      const state = makeState(c);
      return hooks.runInContext(state, () => {
        if (!allPassNow(chain, state)) {
          return guardThenHandle(state, chain, handler, c, next).then((answer) =>
            withCookiesOf(state, answer),
          );
        }
        const answer = handler(c, next);
        return answer instanceof Promise
          ? answer.then((done) => withCookiesOf(state, done))
          : withCookiesOf(state, answer);
      });
    };
    return route as H;
  };
  return { routes, guarded, ...wrapGuards(bound) };
}

const GUARDED_USAGE =
  'guarded(): pass one or more guards of the same barbicanRoutes() (authRequired(…), rolesRequired(…), …), then the route handler';

function allPassNow(chain: readonly Guard[], state: RequestState): boolean {
  for (const guard of chain) if (!guard.passesNow?.(state)) return false;
  return true;
}

/** The slow way: each guard in turn (the first refusal answers), then the handler. */
async function guardThenHandle(
  state: RequestState,
  chain: readonly Guard[],
  handler: Handler,
  c: Context,
  next: Next,
): Promise<Awaited<ReturnType<Handler>>> {
  for (const guard of chain) {
    const refused = await runGuard(state, guard);
    if (refused) return refused;
  }
  return handler(c, next);
}

/** Cookies queued while the guards or the handler ran go out with the handler's answer. */
function withCookiesOf<T>(state: RequestState, answer: T): T {
  if (state.setCookies.length === 0 || !(answer instanceof Response)) return answer;
  return withStateCookies(state, answer) as T;
}

/** A built-in endpoint answers; a path of ours that it does not serve goes on to the app. */
async function serveOwn(
  hooks: AdapterHooks,
  c: Context,
  state: RequestState,
  next: Next,
): Promise<Response | undefined> {
  const own = await hooks.serve(state);
  if (own) return linger(c, own);
  return inContext(hooks, c, state, next);
}

function inContext(
  hooks: AdapterHooks,
  c: Context,
  state: RequestState,
  next: Next,
): Promise<Response | undefined> {
  return hooks.runInContext(state, () => {
    const admitting = hooks.admit(state);
    if (admitting) return admitThenNext(hooks, c, state, admitting, next);
    return next().then(() => withQueuedCookies(hooks, c, state));
  });
}

async function admitThenNext(
  hooks: AdapterHooks,
  c: Context,
  state: RequestState,
  admitting: Promise<Response | null>,
  next: Next,
): Promise<Response | undefined> {
  const refused = await admitting;
  if (refused) return refused;
  await next();
  return withQueuedCookies(hooks, c, state);
}

/** Cookies queued for the app's response (and not already sent with a refusal) go with it. */
function withQueuedCookies(hooks: AdapterHooks, c: Context, state: RequestState): undefined {
  if (state.setCookies.length > 0) appendCookies(c, hooks.drainCookies(state));
  return undefined;
}

/** Any guard as Hono middleware. */
export function guardMiddleware(guard: Guard): MiddlewareHandler {
  return function barbicanGuard(_c, next) {
    const state = currentState();
    if (!state) throw new Error(MOUNT_FIRST);
    return guardIn(state, guard, next);
  };
}

/** Not async: a guard that passes at once (a cached session) calls the route straight away. */
function guardIn(state: RequestState, guard: Guard, next: Next): ReturnType<MiddlewareHandler> {
  if (guard.passesNow?.(state)) return next();
  return guardSlowly(state, guard, next);
}

async function guardSlowly(state: RequestState, guard: Guard, next: Next): Promise<Response | undefined> {
  const refused = await runGuard(state, guard);
  if (refused) return refused;
  await next();
  return undefined;
}

const guards = wrapGuards(guardMiddleware);
export const {
  authOptional,
  authRequired,
  authTokenRequired,
  httpAuthRequired,
  rolesRequired,
  rolesAccepted,
  permissionsRequired,
  permissionsAccepted,
  anonymousUserRequired,
  unauthCsrf,
} = guards;
export { currentIdentity, currentUser } from '../context.js';
export { csrfToken, handleCsrf } from '../guards/unauth-csrf.js';
export type { ServerLimits } from './server-limits.js';
export { applyServerLimits, RECOMMENDED_SERVER_LIMITS } from './server-limits.js';
