/**
 * createSecurity: resolves the config once, wires the services, and serves the built-in endpoints
 * through `handle(request)` (Web-standard Request → Response, null when the path is not ours).
 */

import { issueAuthToken } from './auth/token.js';
import type { UncheckedConfig } from './config/from-env.js';
import type { SecurityConfig, SecurityConfigInput } from './config/options.js';
import { resolveConfig } from './config/resolve-config.js';
import {
  createRequestState,
  currentState,
  type RequestState,
  type RequestStateOptions,
  runWithState,
} from './context.js';
import type { Clock, Handlers, SecurityCore } from './core.js';
import { deriveKey } from './crypto/keys.js';
import { refreshCsrfCookie } from './csrf/csrf-cookie.js';
import { earlyCsrfFailure } from './csrf/csrf-policy.js';
import { csrfFailureResponse } from './csrf/csrf-response.js';
import { trustedOriginSet } from './csrf/origin-check.js';
import type { Datastore, User } from './datastore/types.js';
import { createEventBus, type EventBus } from './events.js';
import { resolveEndpointPaths } from './features/endpoint-paths.js';
import { FEATURES } from './features/registry.js';
import type { Route } from './features/route.js';
import { createDefaultHandlers } from './guards/default-handlers.js';
import { type Guard, withStateCookies } from './guards/guard.js';
import { errorResult, respond } from './http/responder.js';
import { createRedirectValidator } from './http/safe-redirect.js';
import { createConsoleMailer, type Mailer } from './mail/mailer.js';
import { createOutboxWorker, type OutboxWorker } from './mail/outbox-worker.js';
import { createHousekeeper, type PurgeCounts, purgeExpired } from './maintenance/housekeeping.js';
import { MESSAGES } from './messages.js';
import { createPasswordHasher } from './passwords/argon2-hasher.js';
import { createPasswordUtil } from './passwords/password-util.js';
import type { PasswordHasher, PasswordUtil } from './passwords/types.js';
import { defaultViews, type Views } from './views/views.js';

export interface CreateSecurityOptions {
  readonly datastore: Datastore;
  /** Checked by the compiler as typed; configFromEnv's and uncheckedConfig's at start-up. */
  readonly config: SecurityConfigInput | UncheckedConfig;
  readonly passwordUtil?: PasswordUtil;
  readonly passwordHasher?: PasswordHasher;
  readonly handlers?: Partial<Handlers>;
  readonly views?: Partial<Views>;
  readonly clock?: Clock;
  /** Where unexpected internal errors are reported; never given secrets. Default console.error. */
  readonly onError?: (error: unknown) => void;
  /** Sends queued mail; default prints it to the console. */
  readonly mailer?: Mailer;
  /** Start background work at construction (default true): mail delivery (poll interval in ms) and housekeeping. */
  readonly mailWorker?: { readonly autoStart?: boolean; readonly pollIntervalMs?: number };
  /** Start-up warnings (options not implemented yet). Default console.warn. */
  readonly warn?: (message: string) => void;
}

export type RequestOptions = RequestStateOptions;

export type AppHandler = (request: Request) => Response | Promise<Response>;

export interface Security {
  readonly config: SecurityConfig;
  readonly datastore: Datastore;
  readonly passwordUtil: PasswordUtil;
  readonly passwordHasher: PasswordHasher;
  readonly events: Pick<EventBus, 'on'>;
  /** Serves a built-in endpoint, or returns null when the request is not for one. */
  handle(request: Request, options?: RequestOptions): Promise<Response | null>;
  /** As handle, for an adapter that already made the request's state. */
  serve(state: RequestState): Promise<Response | null>;
  /** True when the path is one of Barbican's built-in endpoints. */
  ownsPath(pathname: string): boolean;
  /** Wraps an app handler with guards; the handler runs inside the request context. */
  protect(
    ...guards: Guard[]
  ): (handler: AppHandler) => (request: Request, options?: RequestOptions) => Promise<Response>;
  /** For adapters: the per-request state, guards and context scope, applied separately. */
  createRequestState(request: Request, options?: RequestOptions): RequestState;
  runGuards(state: RequestState, guards: readonly Guard[]): Promise<Response | null>;
  /**
   * For adapters, before an app route runs: the early CSRF check of csrfProtectAll (a Response
   * to send instead), and the CSRF cookie refresh of csrfCookieRefreshEachRequest.
   */
  admit(state: RequestState): Promise<Response | null>;
  /** For adapters, when the app's response goes out: the Set-Cookie values it must carry. */
  drainCookies(state: RequestState): string[];
  runInContext<T>(state: RequestState, fn: () => T): T;
  /** A signed authentication token for a user (as login's ?include_auth_token issues). */
  issueAuthToken(user: User): string;
  /** Normalizes and hashes a password the way registration will (for CLIs and seeding). */
  hashPassword(password: string): Promise<string>;
  /** Deletes expired sessions and link tokens and old delivered mail now (also run every housekeepingInterval). */
  purgeExpired(): Promise<PurgeCounts>;
  /** The mail delivery loop (runOnce delivers what is due now). */
  readonly mail: Pick<OutboxWorker, 'runOnce' | 'start' | 'stop'>;
  /** Stops background work (mail delivery) and closes the mailer; the datastore stays open. */
  close(): Promise<void>;
}

/** A route path ending in `/:name` matches any one non-empty last segment (e.g. a mailed token). */
function routeKey(path: string): string {
  return path.replace(/\/:[^/]+$/, '/:');
}

export function createSecurity(options: CreateSecurityOptions): Security {
  const config = resolveConfig(options.config, options.warn ? { warn: options.warn } : {});
  const reportError =
    options.onError ?? ((error: unknown) => console.error('Barbican internal error:', error));
  const features = FEATURES.filter((feature) => feature.enabled(config));
  const views: Views = Object.assign({}, defaultViews, ...features.map((f) => f.views ?? {}), options.views);
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const mailer = options.mailer ?? createConsoleMailer();
  const mailKey = deriveKey(config.secretKey, 'mail-body');
  const mailWorker = createOutboxWorker({
    outbox: options.datastore,
    mailer,
    clock,
    from: config.emailSender,
    mailKey,
    maxAttempts: config.mailMaxAttempts,
    ...(options.mailWorker?.pollIntervalMs ? { pollIntervalMs: options.mailWorker.pollIntervalMs } : {}),
    // The address is the user's; the error text is the SMTP server's. No message bodies (links) here.
    onError: (error, entry) =>
      reportError(new Error(`mail to ${entry.to} (${entry.kind}) failed: ${String(error)}`)),
  });
  const paths = resolveEndpointPaths(config);
  const passwordUtil =
    options.passwordUtil ??
    createPasswordUtil({
      passwordNormalizeForm: config.passwordNormalizeForm,
      passwordLengthMin: config.passwordLengthMin,
      passwordLengthMax: config.passwordLengthMax,
      passwordComplexityChecker: config.passwordComplexityChecker,
      zxcvbnMinimumScore: config.zxcvbnMinimumScore,
      passwordComplexityTimeoutMs: config.passwordComplexityTimeout * 1000,
      passwordComplexityQueueLimit: config.passwordComplexityQueueLimit,
      passwordCheckBreached: config.passwordCheckBreached ?? false,
      passwordBreachedCount: config.passwordBreachedCount,
      passwordBreachedUrl: config.passwordBreachedUrl,
    });
  const hasher =
    options.passwordHasher ??
    createPasswordHasher({
      maxConcurrent: config.passwordHashConcurrency,
      maxQueue: config.passwordHashQueueLimit,
      // A hash waiting for a request whose client went away is dropped.
      abortSignal: () => currentState()?.request.signal,
      ...(config.passwordSalt ? { legacyBcryptHmacSalt: config.passwordSalt } : {}),
    });
  // Build the dummy hash now, so the first unknown-user login costs no more than later ones.
  hasher.verifyDummy(passwordUtil.normalize('barbican-warm-up')).catch(reportError);
  const core: SecurityCore = {
    config,
    datastore: options.datastore,
    passwordUtil,
    hasher,
    events: createEventBus(reportError),
    handlers: { ...createDefaultHandlers(config, views, paths), ...options.handlers },
    views,
    clock,
    mailWorker,
    keys: {
      'session-cookie': deriveKey(config.secretKey, 'session-cookie'),
      'auth-token': deriveKey(config.secretKey, 'auth-token'),
      'csrf-token': deriveKey(config.secretKey, 'csrf-token'),
      remember: deriveKey(config.secretKey, 'remember'),
      'link-token': deriveKey(config.secretKey, 'link-token'),
      'mail-body': mailKey,
    },
    safeRedirect: createRedirectValidator({
      appOrigin: new URL(config.externalUrl).origin,
      redirectHost: config.redirectHost,
      allowSubdomains: config.redirectAllowSubdomains,
      baseDomain: config.redirectBaseDomain,
    }),
    paths,
    trustedOrigins: trustedOriginSet(config.externalUrl, config.csrfTrustedOrigins),
    reportError,
  };

  const purge = (): Promise<PurgeCounts> =>
    purgeExpired(options.datastore, clock, { sentMailRetentionSeconds: config.sentMailRetention });
  const housekeeper = createHousekeeper(purge, config.housekeepingInterval, reportError);

  const routes = new Map<string, Map<string, Route>>();
  for (const feature of features) {
    for (const route of feature.routes(core)) {
      const key = routeKey(route.path);
      const byMethod = routes.get(key) ?? new Map<string, Route>();
      byMethod.set(route.method, route);
      routes.set(key, byMethod);
    }
  }
  const findRoutes = (pathname: string): Map<string, Route> | undefined =>
    routes.get(pathname) ?? routes.get(pathname.replace(/\/[^/]+$/, '/:'));

  async function runRoute(state: RequestState, route: Route): Promise<Response> {
    try {
      return await route.handler(state);
    } catch (error) {
      const known = errorResult(error);
      if (known) return respond(state, known);
      reportError(error);
      return respond(state, { status: 500, errors: ['Internal error.'] });
    }
  }

  const security: Security = {
    config,
    datastore: options.datastore,
    passwordUtil,
    passwordHasher: hasher,
    events: core.events,
    async handle(request, requestOptions = {}) {
      if (!findRoutes(new URL(request.url).pathname)) return null;
      return security.serve(createRequestState(core, request, requestOptions));
    },
    ownsPath(pathname) {
      return findRoutes(pathname) !== undefined;
    },
    async serve(state) {
      // CORS preflights are the app's (its CORS middleware may be mounted after Barbican).
      if (state.request.method.toUpperCase() === 'OPTIONS') return null;
      const byMethod = findRoutes(state.url.pathname);
      if (!byMethod) return null;
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
      return runWithState(state, () => runRoute(state, route));
    },
    protect(...guards) {
      return (handler) =>
        async (request, requestOptions = {}) => {
          const state = createRequestState(core, request, requestOptions);
          return runWithState(state, async () => {
            const refused = (await security.admit(state)) ?? (await security.runGuards(state, guards));
            if (refused) return refused;
            return withStateCookies(state, await handler(request));
          });
        };
    },
    createRequestState(request, requestOptions = {}) {
      return createRequestState(core, request, requestOptions);
    },
    async runGuards(state, guards) {
      try {
        for (const guard of guards) {
          const refused = await guard(state);
          if (refused) return refused;
        }
      } catch (error) {
        // A body a guard had to read (a token in JSON) that is malformed is the caller's 4xx.
        const known = errorResult(error);
        if (known) return respond(state, known);
        throw error;
      }
      return null;
    },
    async admit(state) {
      const failure = await earlyCsrfFailure(state);
      if (failure) return csrfFailureResponse(state, failure);
      await refreshCsrfCookie(state);
      return null;
    },
    drainCookies(state) {
      return state.setCookies.splice(0);
    },
    runInContext(state, fn) {
      return runWithState(state, fn);
    },
    issueAuthToken(user) {
      return issueAuthToken(core, user, core.clock.nowMs());
    },
    async hashPassword(password) {
      return hasher.hash(passwordUtil.normalize(password));
    },
    purgeExpired: purge,
    mail: mailWorker,
    async close() {
      housekeeper.stop();
      await mailWorker.stop();
      await mailer.close?.();
    },
  };
  if (options.mailWorker?.autoStart ?? true) {
    mailWorker.start();
    housekeeper.start();
  }
  return security;
}
