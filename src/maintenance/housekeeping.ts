/**
 * Housekeeping: deletes expired sessions, expired link tokens, expired pending second-factor
 * sign-ins, one-time codes and WebAuthn ceremony states, and delivered mail past its retention, so the tables a request
 * touches stay small. Idempotent; safe to run in every process.
 */
import type { Clock } from '../core.js';
import type { Datastore } from '../datastore/types.js';

export interface PurgeCounts {
  readonly sessions: number;
  readonly linkTokens: number;
  readonly sentMail: number;
  readonly pendingLogins: number;
  readonly oneTimeCodes: number;
  /** WebAuthn ceremonies (wan_state) never answered. */
  readonly webauthnStates: number;
}

export async function purgeExpired(
  datastore: Datastore,
  clock: Clock,
  options: { sentMailRetentionSeconds: number },
): Promise<PurgeCounts> {
  const now = clock.nowMs();
  return {
    sessions: await datastore.purgeExpiredSessions(now),
    linkTokens: await datastore.purgeExpiredLinkTokens(now),
    sentMail: await datastore.purgeSentMail(now - options.sentMailRetentionSeconds * 1000),
    pendingLogins: await datastore.purgeExpiredPendingLogins(now),
    oneTimeCodes: await datastore.oneTimeCodeStore().deleteExpired(now),
    webauthnStates: await datastore.purgeExpiredWebAuthnStates(now),
  };
}

export interface Housekeeper {
  start(): void;
  stop(): void;
}

/** Runs `purge` every `intervalSeconds` on an unref'd timer (0 never runs it). */
export function createHousekeeper(
  purge: () => Promise<unknown>,
  intervalSeconds: number,
  onError: (error: unknown) => void,
): Housekeeper {
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      if (timer || intervalSeconds <= 0) return;
      timer = setInterval(() => {
        purge().catch(onError);
      }, intervalSeconds * 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
