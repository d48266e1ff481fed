/**
 * The services one Security runs on, wired from its resolved config and the injected
 * dependencies: hashing, mail delivery, keys, handlers, views and the endpoint paths.
 */

import { createSessionManager } from './auth/session-manager.js';
import type { SecurityConfig } from './config/options.js';
import { currentState } from './context.js';
import type { SecurityCore } from './core.js';
import { deriveKey } from './crypto/keys.js';
import { trustedOriginSet } from './csrf/origin-check.js';
import { type SessionStorage, sessionStorage } from './datastore/redis/session-storage.js';
import { createEventBus } from './events.js';
import { defaultMails } from './features/default-mails.js';
import { resolveEndpointPaths } from './features/endpoint-paths.js';
import type { Feature } from './features/route.js';
import { createDefaultHandlers } from './guards/default-handlers.js';
import { createRedirectValidator } from './http/safe-redirect.js';
import { createConsoleMailer, type Mailer } from './mail/mailer.js';
import { resolveMails } from './mail/mails.js';
import { createOutboxWorker } from './mail/outbox-worker.js';
import { createPasswordHasher } from './passwords/argon2-hasher.js';
import { createPasswordUtil } from './passwords/password-util.js';
import { rateLimiterFromConfig } from './ratelimit/create-rate-limiter.js';
import type { CreateSecurityOptions } from './security.js';
import { createConsoleSmsSender } from './sms/console-sms-sender.js';
import { defaultViews, type Views } from './views/views.js';

export interface ComposedCore {
  readonly core: SecurityCore;
  readonly mailer: Mailer;
  /** Where sessions live; its close() ends the Redis connection and the session cache's subscription. */
  readonly storage: SessionStorage;
}

export function composeCore(
  options: CreateSecurityOptions,
  config: SecurityConfig,
  features: readonly Feature[],
): ComposedCore {
  const reportError =
    options.onError ?? ((error: unknown) => console.error('Barbican internal error:', error));
  const views: Views = Object.assign(
    {},
    defaultViews,
    ...features.map((feature) => feature.views ?? {}),
    options.views,
  );
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
  // Sessions in Redis when configured: every part of Barbican sees one datastore either way.
  const storage = sessionStorage(config, options.datastore, reportError);
  const { datastore, redis } = storage;
  const core: SecurityCore = {
    config,
    datastore,
    passwordUtil,
    hasher,
    events: createEventBus(reportError),
    handlers: { ...createDefaultHandlers(config, views, paths), ...options.handlers },
    views,
    mails: resolveMails(defaultMails, options.mails),
    smsSender: options.smsSender ?? createConsoleSmsSender(),
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
    rateLimiter: rateLimiterFromConfig(config, {
      nowMs: () => clock.nowMs(),
      log: options.warn ?? ((line) => console.warn(line)),
    }),
    redis,
    sessions: createSessionManager({
      store: datastore,
      publicIdKey: deriveKey(config.secretKey, 'session-public-id'),
      nowMs: () => clock.nowMs(),
      reportError,
    }),
    reportError,
  };

  return { core, mailer, storage };
}
