/**
 * The PostgreSQL change counter: one connection LISTENs to the channel migration 0012's triggers
 * notify, so a change committed by any process (the CLI and psql included) reaches this process's
 * cache as soon as PostgreSQL delivers it. This process's own writes count at once, before their
 * notification arrives (write-tracking-dialect.ts). Loss, reconnection and the staleness bound are
 * the notified counter's (../notified-change-counter.ts).
 */
import {
  createNotifiedChangeCounter,
  type NotifiedChangeCounter,
  type OpenChangeFeed,
} from '../notified-change-counter.js';

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
  /** How old a cached read may be served (default 1000 ms). */
  readonly maxStalenessMs?: number;
  /** First reconnect delay, doubled up to 5 s (default 100 ms). */
  readonly reconnectDelayMs?: number;
}

export type PostgresChangeCounter = NotifiedChangeCounter;

/** LISTEN on a fresh connection of `connect`'s. */
function listenFeed(options: PostgresChangeCounterOptions): OpenChangeFeed {
  return async (handlers) => {
    const connection = await options.connect();
    const { client } = connection;
    client.on('error', () => handlers.lost());
    client.on('end', () => handlers.lost());
    client.on('notification', (message) => {
      if (message.channel === options.channel) handlers.message(message.payload);
    });
    try {
      await client.query(`LISTEN "${options.channel}"`);
    } catch (error) {
      await connection.release().catch(() => {});
      throw error;
    }
    return { close: () => connection.release() };
  };
}

/** Null when LISTEN does not work at start (no triggers' channel, a pooler that drops it): no cache then. */
export async function createPostgresChangeCounter(
  options: PostgresChangeCounterOptions,
): Promise<PostgresChangeCounter | null> {
  const counter = createNotifiedChangeCounter({
    open: listenFeed(options),
    ...(options.maxStalenessMs === undefined ? {} : { maxStalenessMs: options.maxStalenessMs }),
    ...(options.reconnectDelayMs === undefined ? {} : { reconnectDelayMs: options.reconnectDelayMs }),
  });
  if (await counter.start()) return counter;
  await counter.close();
  return null;
}
