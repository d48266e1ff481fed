/** The internal state of one Security instance, shared by the kernel, mechanisms, guards and features. */

import type { SessionManager } from './auth/session-manager.js';
import type { SecurityConfig } from './config/options.js';
import type { KeyPurpose } from './crypto/keys.js';
import type { RedisConnection } from './datastore/redis/redis-connection.js';
import type { Datastore, User } from './datastore/types.js';
import type { AuthMechanism, EventBus } from './events.js';
import type { EndpointPaths } from './features/endpoint-paths.js';
import type { Mails } from './mail/mails.js';
import type { OutboxWorker } from './mail/outbox-worker.js';
import type { PasswordHasher, PasswordUtil } from './passwords/types.js';
import type { RateLimiter } from './ratelimit/rate-limiter.js';
import type { SmsSender } from './sms/sms-sender.js';
import type { Views } from './views/views.js';

export interface UnauthnContext {
  readonly request: Request;
  readonly json: boolean;
  readonly mechanisms: readonly AuthMechanism[];
  /** Realm for the WWW-Authenticate challenge when Basic is among the mechanisms. */
  readonly realm: string;
}

export interface UnauthzContext {
  readonly request: Request;
  readonly json: boolean;
  /** Null when a bare authorization guard runs without any authenticated identity. */
  readonly user: User | null;
  readonly required: readonly string[];
  readonly kind: 'roles' | 'permissions';
}

export interface ReauthnContext {
  readonly request: Request;
  readonly json: boolean;
  readonly user: User;
  readonly withinSeconds: number;
  readonly graceSeconds: number;
  /** The user holds a key /wan-verify accepts (upstream's has_webauthn_verify_credential). */
  readonly hasWebAuthnVerifyCredential: boolean;
}

/** Replaceable handlers; each may return a Response or throw an app exception for the framework to map. */
export interface Handlers {
  unauthnHandler(context: UnauthnContext): Response | Promise<Response>;
  unauthzHandler(context: UnauthzContext): Response | Promise<Response>;
  reauthnHandler(context: ReauthnContext): Response | Promise<Response>;
}

export interface Clock {
  nowMs(): number;
}

export interface SecurityCore {
  readonly config: SecurityConfig;
  readonly datastore: Datastore;
  readonly passwordUtil: PasswordUtil;
  readonly hasher: PasswordHasher;
  readonly events: EventBus;
  readonly handlers: Handlers;
  readonly views: Views;
  /** Every mail's subject and bodies, the app's replacements over the defaults. */
  readonly mails: Mails;
  /** Sends two-factor SMS codes (createSecurity's smsSender; the console by default). */
  readonly smsSender: SmsSender;
  readonly clock: Clock;
  readonly keys: Readonly<Record<KeyPurpose, Buffer>>;
  /** Returns a Location value for a safe `next`, or null. */
  readonly safeRedirect: (next: string | null | undefined) => string | null;
  /** Origins that may send cookie-borne mutating requests (externalUrl's plus csrfTrustedOrigins). */
  readonly trustedOrigins: ReadonlySet<string>;
  /** Built-in endpoint paths with urlPrefix applied. */
  readonly paths: EndpointPaths;
  /** Delivers queued mail; features call kick() after committing a transaction that queued some. */
  readonly mailWorker: OutboxWorker;
  /** Counters of secret checks and sends (docs/rate-limiting.md). */
  readonly rateLimiter: RateLimiter;
  /** The one Redis connection of this Security (redisUrl), null without one; docs/sessions.md. */
  readonly redis: RedisConnection | null;
  /** Lists and ends users' sessions (the sessions endpoints, security.sessions). */
  readonly sessions: SessionManager;
  /** Where secrets must never go: listener and internal error reporting. */
  readonly reportError: (error: unknown) => void;
}
