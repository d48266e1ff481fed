/**
 * A change counter fed by a notification channel: PostgreSQL's LISTEN (change-counter-postgres.ts)
 * or Redis pub/sub (redis/redis-change-feed.ts). The channel names what changed (one session, one
 * user), so a cache drops just that; this process's own writes count at once, before their
 * notification comes back (noteWrite, or the store's own forget).
 *
 * While the channel is down, nothing can vouch for a cache: everything cached before is dropped,
 * entries read meanwhile are served for at most `maxStalenessMs`, and it reconnects with backoff;
 * once listening again, everything is dropped once more (what was notified while down is lost).
 *
 * Delivery is asynchronous even while listening: the server hands a notification over shortly
 * after the write (well under a millisecond on one host when idle, longer under load), and a
 * connection that hangs without an error delivers nothing at all. So entries are served for at
 * most `maxStalenessMs` whatever the channel's state: a notification makes a change count at once,
 * the bound makes it count within 1 s even when one is late or never comes.
 */
import type { CacheChange, ChangeCounter } from '../auth/session-cache.js';

/** What a feed calls while it is subscribed. */
export interface ChangeFeedHandlers {
  /** One notification's payload: `s:<idHash>` (a session), `i:<userId>` (a user), else everything. */
  message(payload: string | undefined): void;
  /** The subscription ended (error, end of connection); called at most once. */
  lost(): void;
}

export interface ChangeSubscription {
  /** Ends the subscription and its connection. */
  close(): Promise<void>;
}

/** Subscribes once; resolves when notifications flow, rejects when that failed (nothing to close). */
export type OpenChangeFeed = (handlers: ChangeFeedHandlers) => Promise<ChangeSubscription>;

export interface NotifiedChangeCounterOptions {
  readonly open: OpenChangeFeed;
  /** How old a cached read may be served (default 1000 ms). */
  readonly maxStalenessMs?: number;
  /** First reconnect delay, doubled up to 5 s (default 100 ms). */
  readonly reconnectDelayMs?: number;
}

export interface NotifiedChangeCounter extends ChangeCounter {
  /** Counts a write of this process's own at once (every cached read becomes stale). */
  noteWrite(): void;
  /** Whether the feed is subscribed now. */
  listening(): boolean;
  /**
   * Subscribes the first time it is called (later calls return the same answer): true once
   * listening, false when that first attempt failed, after which it keeps retrying with backoff.
   */
  start(): Promise<boolean>;
}

const DEFAULT_MAX_STALENESS_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 5000;

/** A notification's payload as a change; null when it names nothing known (then: everything). */
export function parseChange(payload: string | undefined): CacheChange | null {
  if (payload?.startsWith('s:')) return { kind: 'session', idHash: payload.slice(2) };
  if (payload?.startsWith('i:')) {
    const userId = Number(payload.slice(2));
    if (Number.isSafeInteger(userId)) return { kind: 'user-id', userId };
  }
  return null;
}

export function createNotifiedChangeCounter(options: NotifiedChangeCounterOptions): NotifiedChangeCounter {
  const maxStalenessMs = options.maxStalenessMs ?? DEFAULT_MAX_STALENESS_MS;
  const firstDelayMs = options.reconnectDelayMs ?? 100;
  const listeners: Array<(change: CacheChange) => void> = [];
  let generation = 0;
  let current: ChangeSubscription | null = null;
  let started: Promise<boolean> | null = null;
  /** The subscription being opened, which close() waits for (it then closes itself). */
  let opening: Promise<void> | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = firstDelayMs;

  const tell = (change: CacheChange): void => {
    for (const listener of listeners) listener(change);
  };
  const everything = (): void => {
    generation += 1;
    tell({ kind: 'all' });
  };

  function subscribe(): Promise<void> {
    const attempt = subscribeOnce();
    opening = attempt;
    const done = (): void => {
      if (opening === attempt) opening = null;
    };
    attempt.then(done, done);
    return attempt;
  }

  /** One subscription: resolves once listening; its later loss drops everything and retries. */
  async function subscribeOnce(): Promise<void> {
    let lost = false;
    let subscription: ChangeSubscription | null = null;
    const opened = await options.open({
      message(payload) {
        if (lost) return;
        const change = parseChange(payload);
        if (change === null) everything();
        else tell(change);
      },
      lost() {
        if (lost) return;
        lost = true;
        // Lost while still subscribing: the attempt itself fails below.
        if (subscription === null) return;
        if (current === subscription) current = null;
        subscription.close().catch(() => {});
        if (closed) return;
        everything();
        schedule();
      },
    });
    if (lost || closed) {
      await opened.close().catch(() => {});
      throw new Error(closed ? 'change counter closed' : 'change feed lost while subscribing');
    }
    subscription = opened;
    current = opened;
    delayMs = firstDelayMs;
    // Nothing read before now was covered by the feed (never subscribed, or notifications lost).
    everything();
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      subscribe().catch(() => {
        if (closed) return;
        delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
        schedule();
      });
    }, delayMs);
    timer.unref();
  }

  return {
    version: () => generation,
    maxStalenessMs: () => maxStalenessMs,
    noteWrite() {
      generation += 1;
    },
    listening: () => current !== null,
    onChange(listener) {
      listeners.push(listener);
    },
    start() {
      started ??= subscribe().then(
        () => true,
        () => {
          if (!closed) schedule();
          return false;
        },
      );
      return started;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const subscription = current;
      current = null;
      await subscription?.close();
      await opening?.catch(() => {});
    },
  };
}
