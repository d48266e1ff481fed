/**
 * The PostgreSQL change counter: one connection LISTENs to the channel migration 0012's triggers
 * notify, so a change committed by any process (the CLI and psql included) reaches this process's
 * cache as soon as PostgreSQL delivers it. This process's own writes count at once, before their
 * notification arrives (write-tracking-dialect.ts).
 *
 * While the LISTEN connection is down, nothing can vouch for the cache: everything cached before
 * is dropped, entries read meanwhile are served for at most `maxStalenessMs`, and it reconnects
 * with backoff; once listening again, everything is dropped once more (notifications sent while
 * it was down are lost).
 *
 * Delivery is asynchronous even while listening: PostgreSQL hands a notification to this process
 * shortly after the commit (well under a millisecond on one host when idle, longer under load),
 * and a connection that hangs without an error or end event delivers nothing at all. So entries are
 * served for at most `maxStalenessMs` whatever the connection's state: a notification makes a
 * change count at once, the bound makes it count within 1 s even when one is late or never comes.
 */
import type { CacheChange, ChangeCounter } from '../../auth/session-cache.js';

/** The part of a node-pg Client this needs. */
export interface ListenClient {
  query(text: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

export interface ListenConnection {
  readonly client: ListenClient;
  /** Ends (or returns to its pool, broken) the connection. */
  release(): Promise<void>;
}

export interface PostgresChangeCounterOptions {
  readonly connect: () => Promise<ListenConnection>;
  readonly channel: string;
  /** How old a cached read may be served while not listening (default 1000 ms). */
  readonly maxStalenessMs?: number;
  /** First reconnect delay, doubled up to 5 s (default 100 ms). */
  readonly reconnectDelayMs?: number;
}

export interface PostgresChangeCounter extends ChangeCounter {
  noteWrite(): void;
  /** Whether the LISTEN connection is up. */
  listening(): boolean;
}

export const DEFAULT_MAX_STALENESS_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 5000;

function parseChange(payload: string | undefined): CacheChange | null {
  if (payload?.startsWith('s:')) return { kind: 'session', idHash: payload.slice(2) };
  if (payload?.startsWith('i:')) {
    const userId = Number(payload.slice(2));
    if (Number.isSafeInteger(userId)) return { kind: 'user-id', userId };
  }
  return null;
}

/** Null when LISTEN does not work at start (no triggers' channel, a pooler that drops it): no cache then. */
export async function createPostgresChangeCounter(
  options: PostgresChangeCounterOptions,
): Promise<PostgresChangeCounter | null> {
  const maxStalenessMs = options.maxStalenessMs ?? DEFAULT_MAX_STALENESS_MS;
  const firstDelayMs = options.reconnectDelayMs ?? 100;
  const listeners: Array<(change: CacheChange) => void> = [];
  let generation = 0;
  let current: ListenConnection | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = firstDelayMs;

  const everything = (): void => {
    generation += 1;
    for (const listener of listeners) listener({ kind: 'all' });
  };

  async function listen(): Promise<ListenConnection> {
    const connection = await options.connect();
    const { client } = connection;
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      if (current === connection) current = null;
      connection.release().catch(() => {});
      if (closed) return;
      everything();
      schedule();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel !== options.channel) return;
      const change = parseChange(message.payload);
      if (!change) {
        everything();
        return;
      }
      for (const listener of listeners) listener(change);
    });
    try {
      await client.query(`LISTEN "${options.channel}"`);
    } catch (error) {
      lost = true;
      await connection.release().catch(() => {});
      throw error;
    }
    return connection;
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      listen().then(
        (connection) => {
          if (closed) {
            connection.release().catch(() => {});
            return;
          }
          current = connection;
          delayMs = firstDelayMs;
          // Whatever was notified while down is lost: nothing read before now may stay.
          everything();
        },
        () => {
          delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
          schedule();
        },
      );
    }, delayMs);
    timer.unref();
  }

  try {
    current = await listen();
  } catch {
    return null;
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
    async close() {
      closed = true;
      clearTimeout(timer);
      const connection = current;
      current = null;
      await connection?.release();
    },
  };
}
