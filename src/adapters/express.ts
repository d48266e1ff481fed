/**
 * barbican/express: Barbican in an Express 5 app. Converts a request once into a Web Request,
 * serves the built-in endpoints, opens the request context for the rest of the chain, and runs
 * guards as middleware. Works whether body parsers are registered before or after it.
 *
 * @example
 * const app = express();
 * app.use(barbican(security));
 * app.get('/doc', authRequired('session', 'token'), (req, res) => res.json({ user: currentUser()?.email }));
 */
import { Readable } from 'node:stream';
import type {
  Request as ExpressRequest,
  Response as ExpressResponse,
  NextFunction,
  RequestHandler,
} from 'express';
import { adapterHooks } from '../adapter.js';
import type { AdapterHooks } from '../adapter-hooks.js';
import { currentState, type RequestState, type RequestStateOptions } from '../context.js';
import { BadRequestError } from '../errors.js';
import type { Guard } from '../guards/guard.js';
import { type BodyFields, readBody } from '../http/body.js';
import { clientIpFrom } from '../http/client-ip.js';
import { wantsJson } from '../http/negotiate.js';
import { rawPathname } from '../http/raw-path.js';
import { errorResult, respondTo } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import type { Security } from '../security.js';
import { defaultViews } from '../views/views.js';
import { drainBody, keptOpen, shouldLinger } from './linger.js';
import { MOUNT_FIRST, routesOnlyHooks, runGuard, wrapGuards } from './wrap-guards.js';

function toHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/** One header as the Web Request built by toHeaders would answer `headers.get(name)`. */
function headerOf(req: ExpressRequest, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A body parser that ran before Barbican left its result in req.body; the stream is gone. */
function parsedBody(req: ExpressRequest): BodyFields {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw new BadRequestError('BAD_REQUEST_NOT_OBJECT', MESSAGES.BAD_REQUEST_NOT_OBJECT);
  }
  return body as BodyFields;
}

const READABLE_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/x-www-form-urlencoded',
]);

/**
 * The body for an app route when a guard or the early CSRF check asks for it: what a parser left,
 * or — when no parser has run yet — JSON and urlencoded bodies read here and left in req.body, so
 * a parser mounted after Barbican finds the request finished and skips it (body-parser does).
 * Other types (multipart uploads) are never consumed: send the CSRF token in a header with those.
 */
async function appRouteBody(
  req: ExpressRequest,
  url: URL,
  { maxBytes, timeoutMs }: { maxBytes: number; timeoutMs: number },
): Promise<BodyFields> {
  if (req.body !== undefined) return parsedBody(req);
  const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const readable = READABLE_TYPES.has(type) || type.endsWith('+json');
  if (!readable || req.readableEnded || req.method === 'GET' || req.method === 'HEAD') return {};
  const request = new Request(url, {
    method: req.method,
    headers: toHeaders(req),
    body: Readable.toWeb(req) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const fields = await readBody(request, maxBytes, { timeoutMs });
  req.body = fields;
  return fields;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name.toLowerCase() !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A 413 from an endpoint is answered on an open connection while the body drains (linger.ts). */
function sendOwnResponse(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  if (!shouldLinger(response, req)) return sendResponse(res, response);
  drainBody(req);
  return sendResponse(res, keptOpen(response));
}

export interface ExpressBarbicanOptions {
  /** Reads the socket peer address; default `req.socket.remoteAddress`. */
  readonly remoteAddress?: (req: ExpressRequest) => string | null | undefined;
}

/** What every request of one barbican() shares. */
interface ExpressMount {
  /** URLs come from the configured external origin, never from the Host header. */
  readonly origin: string;
  readonly remote: (req: ExpressRequest) => string | null | undefined;
  readonly trustedProxies: Security['config']['trustedProxies'];
  readonly bodyLimits: { readonly maxBytes: number; readonly timeoutMs: number };
}

/**
 * One request as the request state sees it: one object whose methods live on the prototype, so a
 * request that never asks costs no closures. The Web Request (headers copied, URL parsed) is built
 * only if something asks for it (one of Barbican's endpoints, or a guard that reads a body).
 */
class ExpressRequestSource implements RequestStateOptions {
  readonly method: string;
  readonly pathname?: string;
  readonly #req: ExpressRequest;
  readonly #res: ExpressResponse;
  readonly #mount: ExpressMount;
  readonly #streamBody: boolean;

  constructor(
    req: ExpressRequest,
    res: ExpressResponse,
    mount: ExpressMount,
    rawPath: string | undefined,
    streamBody: boolean,
  ) {
    this.#req = req;
    this.#res = res;
    this.#mount = mount;
    this.#streamBody = streamBody;
    this.method = req.method;
    if (rawPath !== undefined) this.pathname = rawPath;
  }

  header(name: string): string | null {
    return headerOf(this.#req, name);
  }

  url(): URL {
    return new URL(this.#req.originalUrl, this.#mount.origin);
  }

  clientIp(): string | null {
    const req = this.#req;
    return clientIpFrom(this.#mount.remote(req), req.get('x-forwarded-for'), this.#mount.trustedProxies);
  }

  /** e.g. a CSP nonce an earlier middleware (helmet's recipe) left in res.locals. */
  appValue(key: string): unknown {
    return (this.#res.locals as Record<string, unknown>)[key];
  }

  /** Not streaming: read what a parser left, at the time a guard or endpoint asks. */
  readBody(): Promise<BodyFields> | undefined {
    return this.#streamBody ? undefined : appRouteBody(this.#req, this.url(), this.#mount.bodyLimits);
  }

  toRequest(): Request {
    const req = this.#req;
    const res = this.#res;
    // As @hono/node-server does: the request's signal fires when the client goes away, so work
    // queued for it (a password hash) is dropped rather than done for nobody.
    const abort = new AbortController();
    if (res.closed && !res.writableFinished) abort.abort();
    else
      res.once('close', () => {
        if (!res.writableFinished) abort.abort();
      });
    return new Request(this.url(), {
      method: req.method,
      headers: toHeaders(req),
      signal: abort.signal,
      ...(this.#streamBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
  }
}

function mountOf(security: Security, options: ExpressBarbicanOptions): ExpressMount {
  return {
    origin: new URL(security.config.externalUrl).origin,
    remote: options.remoteAddress ?? ((req: ExpressRequest) => req.socket.remoteAddress),
    trustedProxies: security.config.trustedProxies,
    bodyLimits: {
      maxBytes: security.config.maxBodyBytes,
      timeoutMs: security.config.bodyReadTimeout * 1000,
    },
  };
}

/**
 * Serves the request when it is for one of Barbican's built-in endpoints (true); false, having
 * done nothing, when the path is not one of ours.
 */
function servedOwn(
  hooks: AdapterHooks,
  mount: ExpressMount,
  req: ExpressRequest,
  res: ExpressResponse,
  next: NextFunction,
  rawPath: string | undefined,
): boolean {
  if (!hooks.ownsPath(rawPath ?? new URL(req.originalUrl, mount.origin).pathname)) return false;
  const streamBody =
    req.body === undefined && req.method !== 'GET' && req.method !== 'HEAD' && !req.readableEnded;
  const source = new ExpressRequestSource(req, res, mount, rawPath, streamBody);
  const state = hooks.createRequestState(source.toRequest(), source);
  hooks.serve(state).then(
    (response) => (response ? sendOwnResponse(req, res, response) : next()),
    (error: unknown) => next(error),
  );
  return true;
}

/**
 * The state of a request for an app route (nothing parsed until asked), with the response set up
 * to carry the cookies guards queue: they go out with whatever the app answers, just before its
 * headers.
 */
function appRouteState(
  hooks: AdapterHooks,
  mount: ExpressMount,
  req: ExpressRequest,
  res: ExpressResponse,
  rawPath: string | undefined,
): RequestState {
  const source = new ExpressRequestSource(req, res, mount, rawPath, false);
  const state = hooks.createRequestState(() => source.toRequest(), source);
  const writeHead = res.writeHead;
  res.writeHead = function patchedWriteHead(this: ExpressResponse, ...args: Parameters<typeof writeHead>) {
    if (state.setCookies.length > 0 && !res.headersSent) res.append('Set-Cookie', hooks.drainCookies(state));
    return writeHead.apply(this, args);
  } as typeof writeHead;
  return state;
}

/** The middleware to mount first: request context, built-in endpoints, pending cookies. */
export function barbican(security: Security, options: ExpressBarbicanOptions = {}): RequestHandler {
  const hooks = adapterHooks(security);
  const mount = mountOf(security, options);
  return function barbicanMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
    const rawPath = rawPathname(req.originalUrl);
    if (servedOwn(hooks, mount, req, res, next, rawPath)) return;
    const state = appRouteState(hooks, mount, req, res, rawPath);
    hooks.runInContext(state, () => {
      const admitting = hooks.admit(state);
      if (!admitting) {
        next();
        return;
      }
      admitting.then(
        (refused) => (refused ? sendResponse(res, refused) : next()),
        (error: unknown) => next(error),
      );
    });
  };
}

type BoundGuards = ReturnType<typeof wrapGuards<RequestHandler>>;

/** barbicanRoutes(): Barbican's endpoints alone, and guards bound to the Security. */
export interface ExpressBarbicanRoutes extends BoundGuards {
  /** Serves the built-in endpoints (login, logout, reset, …) and nothing else: `app.use(routes)`. */
  readonly routes: RequestHandler;
}

/**
 * The other way to mount Barbican: `routes` serves only the built-in endpoints (any other request
 * goes straight on, with no request context opened), and the guards it returns open the context
 * themselves, so an app route without a guard runs no Barbican code beyond one path test. In
 * exchange, `currentUser()`, `csrfToken()` and `handleCsrf()` work only in routes with one of these
 * guards (`authOptional()` on a public page), and configurations that check every request
 * (csrfProtectAll with csrfCheckDefault, csrfCookieRefreshEachRequest) are refused: use
 * `barbican()` for those.
 *
 * @example
 * const { routes, authRequired } = barbicanRoutes(security);
 * app.use(routes);
 * app.get('/doc', authRequired('session', 'token'), (req, res) => res.json({ user: currentUser()?.email }));
 */
export function barbicanRoutes(
  security: Security,
  options: ExpressBarbicanOptions = {},
): ExpressBarbicanRoutes {
  const hooks = routesOnlyHooks(security);
  const mount = mountOf(security, options);
  const routes: RequestHandler = function barbicanEndpoints(req, res, next): void {
    if (!servedOwn(hooks, mount, req, res, next, rawPathname(req.originalUrl))) next();
  };
  const bound = (guard: Guard): RequestHandler =>
    function barbicanGuard(req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
      // Inside barbican() or after another of these guards the context is open: only guard.
      const open = currentState();
      if (open) {
        guardIn(open, guard, res, next);
        return;
      }
      const state = appRouteState(hooks, mount, req, res, rawPathname(req.originalUrl));
      hooks.runInContext(state, () => guardIn(state, guard, res, next));
    };
  return { routes, ...wrapGuards(bound) };
}

function errorStatus(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/**
 * Error middleware that answers in the negotiated format without leaking a stack trace: body
 * parser errors (invalid JSON, too large) keep their 4xx status; anything else is a plain 500.
 * Rendered by the same responder as Barbican's endpoints, so the format matches theirs for the
 * same Accept header. Mount it last; app exceptions it does not recognise should be handled by
 * the app before it.
 */
export function barbicanErrorHandler(
  onError: (error: unknown) => void = (e) => console.error(e),
): (error: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void {
  return function barbicanErrors(error, req, res, next) {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = errorResult(error);
    const status = known?.status ?? errorStatus(error);
    if (status >= 500 && !known) onError(error);
    const message =
      status === 413 ? MESSAGES.PAYLOAD_TOO_LARGE : status < 500 ? 'Bad request.' : 'Internal error.';
    const state = currentState();
    const json = state?.json ?? wantsJson(new Request('http://error.invalid/', { headers: toHeaders(req) }));
    const target = { json, views: state?.core.views ?? defaultViews, setCookies: [] };
    sendResponse(res, respondTo(target, known ?? { status, errors: [message] })).catch(next);
  };
}

/** Any guard as Express middleware. */
export function guardMiddleware(guard: Guard): RequestHandler {
  return function barbicanGuard(_req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
    const state = currentState();
    if (!state) {
      next(new Error(MOUNT_FIRST));
      return;
    }
    guardIn(state, guard, res, next);
  };
}

/** A guard that passes at once (a cached session) calls the route straight away. */
function guardIn(state: RequestState, guard: Guard, res: ExpressResponse, next: NextFunction): void {
  if (guard.passesNow?.(state)) {
    next();
    return;
  }
  runGuard(state, guard).then(
    (refused) => (refused ? sendResponse(res, refused) : next()),
    (error: unknown) => next(error),
  );
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
