/**
 * createSecurity, the composition root: resolves the config once, composes the services
 * (compose-core.ts) and the router of the enabled features (router.ts), and hands the app a
 * Security with only what apps use. Adapters reach the rest through `barbican/adapter`.
 */

import { createAdapterHooks, registerAdapterHooks } from './adapter-hooks.js';
import type { SessionInfo } from './auth/session-manager.js';
import { issueAuthToken } from './auth/token.js';
import { composeCore } from './compose-core.js';
import type { UncheckedConfig } from './config/from-env.js';
import type { SecurityConfig, SecurityConfigInput } from './config/options.js';
import { resolveConfig } from './config/resolve-config.js';
import { type RequestStateOptions, runWithState } from './context.js';
import type { Clock, Handlers } from './core.js';
import type { Datastore, User } from './datastore/types.js';
import type { EventBus } from './events.js';
import { FEATURES } from './features/registry.js';
import { type Guard, withStateCookies } from './guards/guard.js';
import type { Mailer } from './mail/mailer.js';
import type { Mails } from './mail/mails.js';
import type { OutboxWorker } from './mail/outbox-worker.js';
import { createHousekeeper, type PurgeCounts, purgeExpired } from './maintenance/housekeeping.js';
import type { PasswordHasher, PasswordUtil } from './passwords/types.js';
import { createRouter } from './router.js';
import { securitySessions } from './security-sessions.js';
import type { SmsSender } from './sms/sms-sender.js';
import type { Views } from './views/views.js';

export interface CreateSecurityOptions {
  readonly datastore: Datastore;
  /** Checked by the compiler as typed; configFromEnv's and uncheckedConfig's at start-up. */
  readonly config: SecurityConfigInput | UncheckedConfig;
  readonly passwordUtil?: PasswordUtil;
  readonly passwordHasher?: PasswordHasher;
  readonly handlers?: Partial<Handlers>;
  readonly views?: Partial<Views>;
  /** Replacement mails (subject, text and HTML from typed props); the rest stay Barbican's. */
  readonly mails?: Partial<Mails>;
  readonly clock?: Clock;
  /** Where unexpected internal errors are reported; never given secrets. Default console.error. */
  readonly onError?: (error: unknown) => void;
  /** Sends queued mail; default prints it to the console. */
  readonly mailer?: Mailer;
  /** Sends two-factor SMS codes; default prints them to the console. */
  readonly smsSender?: SmsSender;
  /** Start background work at construction (default true): mail delivery (poll interval in ms) and housekeeping. */
  readonly mailWorker?: { readonly autoStart?: boolean; readonly pollIntervalMs?: number };
  /** Start-up warnings (options not implemented yet). Default console.warn. */
  readonly warn?: (message: string) => void;
}

export type RequestOptions = RequestStateOptions;

export type AppHandler = (request: Request) => Response | Promise<Response>;

/** A user's sessions, for admin tools and app code (docs/sessions.md). */
export interface SecuritySessions {
  /** The user's live sessions, oldest first (`current` is always false here). */
  list(user: User): Promise<SessionInfo[]>;
  /** Ends the user's session with this id (from list); false when the user has none by that id. */
  revoke(user: User, id: string): Promise<boolean>;
  /** Ends all the user's sessions, or all but `except` (an id from list); returns how many ended. */
  revokeAll(user: User, options?: { except?: string }): Promise<number>;
}

export interface Security {
  readonly config: SecurityConfig;
  readonly datastore: Datastore;
  readonly passwordUtil: PasswordUtil;
  readonly passwordHasher: PasswordHasher;
  readonly events: Pick<EventBus, 'on'>;
  /** Serves a built-in endpoint, or returns null when the request is not for one. */
  handle(request: Request, options?: RequestOptions): Promise<Response | null>;
  /** Wraps a Fetch-style app handler with guards; the handler runs inside the request context. */
  protect(
    ...guards: Guard[]
  ): (handler: AppHandler) => (request: Request, options?: RequestOptions) => Promise<Response>;
  /** A signed authentication token for a user (as login's ?include_auth_token issues). */
  issueAuthToken(user: User): string;
  /** Normalizes and hashes a password the way registration will (for CLIs and seeding). */
  hashPassword(password: string): Promise<string>;
  /** Deletes expired sessions and link tokens and old delivered mail now (also run every housekeepingInterval). */
  purgeExpired(): Promise<PurgeCounts>;
  /** List and end users' sessions; each ending takes effect on the next request of every process. */
  readonly sessions: SecuritySessions;
  /** The mail delivery loop (runOnce delivers what is due now). */
  readonly mail: Pick<OutboxWorker, 'runOnce' | 'start' | 'stop'>;
  /** Stops background work (mail delivery) and closes the mailer; the datastore stays open. */
  close(): Promise<void>;
}

export function createSecurity(options: CreateSecurityOptions): Security {
  const config = resolveConfig(options.config, options.warn ? { warn: options.warn } : {});
  const features = FEATURES.filter((feature) => feature.enabled(config));
  const { core, mailer, storage } = composeCore(options, config, features);
  const { clock, mailWorker, reportError, hasher, passwordUtil } = core;
  const hooks = createAdapterHooks(core, createRouter(core, features));

  const purge = (): Promise<PurgeCounts> =>
    purgeExpired(core.datastore, clock, { sentMailRetentionSeconds: config.sentMailRetention });
  const housekeeper = createHousekeeper(purge, config.housekeepingInterval, reportError);

  const security: Security = {
    config,
    // With sessionStore 'redis' this routes session calls to Redis; the app's datastore otherwise.
    datastore: core.datastore,
    passwordUtil,
    passwordHasher: hasher,
    events: core.events,
    async handle(request, requestOptions = {}) {
      if (!hooks.ownsPath(new URL(request.url).pathname)) return null;
      return hooks.serve(hooks.createRequestState(request, requestOptions));
    },
    protect(...guards) {
      return (handler) =>
        async (request, requestOptions = {}) => {
          const state = hooks.createRequestState(request, requestOptions);
          return runWithState(state, async () => {
            const refused = (await hooks.admit(state)) ?? (await hooks.runGuards(state, guards));
            if (refused) return refused;
            return withStateCookies(state, await handler(request));
          });
        };
    },
    issueAuthToken(user) {
      return issueAuthToken(core, user, core.clock.nowMs());
    },
    async hashPassword(password) {
      return hasher.hash(passwordUtil.normalize(password));
    },
    purgeExpired: purge,
    sessions: securitySessions(core),
    mail: mailWorker,
    async close() {
      housekeeper.stop();
      await mailWorker.stop();
      await mailer.close?.();
      await core.rateLimiter.close();
      await storage.close();
    },
  };
  registerAdapterHooks(security, hooks);
  if (options.mailWorker?.autoStart ?? true) {
    mailWorker.start();
    housekeeper.start();
  }
  return security;
}
