/**
 * The Redis side of the session cache's invalidation: a subscriber connection of its own (a
 * connection in subscribe mode runs no other command) on the channel the session store's Lua
 * scripts PUBLISH to. It never reconnects by itself: a loss ends the subscription, and the
 * notified change counter (../notified-change-counter.ts) drops its cache and opens a new one.
 */
import { loadPeer } from '../../peer-dependency.js';
import type { OpenChangeFeed } from '../notified-change-counter.js';

interface SubscriberClient {
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** How long opening the subscriber may take before the attempt fails (and is retried later). */
const CONNECT_TIMEOUT_MS = 2000;

/** The subscriber's CLIENT SETNAME, so an operator (or a test) can tell it in CLIENT LIST. */
export const changeFeedClientName = (channel: string): string =>
  `barbican-changes:${channel.replace(/[^!-~]/g, '_')}`;

/**
 * @example
 * const counter = createNotifiedChangeCounter({ open: redisChangeFeed(url, 'app:session:changes') });
 */
export function redisChangeFeed(url: string, channel: string): OpenChangeFeed {
  return async (handlers) => {
    const redis = await loadPeer('redis', 'Redis (redisUrl)', () => import('redis'));
    const client: SubscriberClient = redis.createClient({
      url,
      name: changeFeedClientName(channel),
      disableOfflineQueue: true,
      socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: false },
    });
    // Also keeps Node from crashing the process on a dropped connection (an unhandled 'error').
    client.on('error', () => handlers.lost());
    try {
      await client.connect();
      await client.subscribe(channel, (message) => handlers.message(message));
    } catch (error) {
      client.destroy();
      throw error;
    }
    return {
      async close() {
        client.destroy();
      },
    };
  };
}
