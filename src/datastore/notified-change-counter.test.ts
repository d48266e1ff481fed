/**
 * The notified change counter over a feed the test drives: what a message, a loss, a failed
 * subscription and a close each do to the version a cache checks, and to its listeners.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheChange } from '../auth/session-cache.js';
import {
  type ChangeFeedHandlers,
  createNotifiedChangeCounter,
  type NotifiedChangeCounter,
  parseChange,
} from './notified-change-counter.js';

interface FakeFeed {
  /** Handlers of each subscription attempt, in order. */
  readonly attempts: ChangeFeedHandlers[];
  /** How many subscriptions were closed. */
  closed: number;
  /** Whether the next attempts fail (true) or succeed. */
  failing: boolean;
  /** Resolves at the next attempt. */
  nextAttempt(): Promise<ChangeFeedHandlers>;
}

function fakeFeed(): FakeFeed & {
  open: (handlers: ChangeFeedHandlers) => Promise<{ close(): Promise<void> }>;
} {
  const waiting: Array<(handlers: ChangeFeedHandlers) => void> = [];
  const feed = {
    attempts: [] as ChangeFeedHandlers[],
    closed: 0,
    failing: false,
    nextAttempt: () => new Promise<ChangeFeedHandlers>((resolve) => waiting.push(resolve)),
    async open(handlers: ChangeFeedHandlers) {
      feed.attempts.push(handlers);
      for (const resolve of waiting.splice(0)) resolve(handlers);
      if (feed.failing) throw new Error('refused');
      return {
        close: async () => {
          feed.closed += 1;
        },
      };
    },
  };
  return feed;
}

const counters: NotifiedChangeCounter[] = [];
afterEach(async () => {
  for (const counter of counters.splice(0)) await counter.close();
});

function counterOn(feed: ReturnType<typeof fakeFeed>) {
  const counter = createNotifiedChangeCounter({ open: feed.open, reconnectDelayMs: 5, maxStalenessMs: 700 });
  counters.push(counter);
  const changes: CacheChange[] = [];
  counter.onChange((change) => changes.push(change));
  return { counter, changes };
}

describe('the notified change counter', () => {
  it('subscribes once, on start, and names what each message changed', async () => {
    const feed = fakeFeed();
    const { counter, changes } = counterOn(feed);
    expect(feed.attempts).toHaveLength(0);
    expect(counter.listening()).toBe(false);
    expect(await counter.start()).toBe(true);
    expect(await counter.start()).toBe(true);
    expect(feed.attempts).toHaveLength(1);
    expect(counter.listening()).toBe(true);
    const version = counter.version();
    const [handlers] = feed.attempts;
    handlers?.message('s:abc');
    handlers?.message('i:42');
    // Precise changes leave the version (and so every other entry) alone.
    expect(counter.version()).toBe(version);
    handlers?.message('something else');
    expect(counter.version()).toBe(version + 1);
    expect(changes.slice(-3)).toEqual([
      { kind: 'session', idHash: 'abc' },
      { kind: 'user-id', userId: 42 },
      { kind: 'all' },
    ]);
    expect(counter.maxStalenessMs()).toBe(700);
  });

  it('drops everything when it starts listening: nothing read before was covered', async () => {
    const feed = fakeFeed();
    const { counter, changes } = counterOn(feed);
    const before = counter.version();
    await counter.start();
    expect(counter.version()).toBe(before + 1);
    expect(changes).toEqual([{ kind: 'all' }]);
  });

  it('on a loss drops everything, closes the subscription, and subscribes again (dropping again)', async () => {
    const feed = fakeFeed();
    const { counter, changes } = counterOn(feed);
    await counter.start();
    const version = counter.version();
    const again = feed.nextAttempt();
    feed.attempts[0]?.lost();
    feed.attempts[0]?.lost();
    expect(counter.listening()).toBe(false);
    expect(counter.version()).toBe(version + 1);
    expect(feed.closed).toBe(1);
    // A message on the lost subscription counts for nothing.
    feed.attempts[0]?.message('s:late');
    expect(changes.filter((c) => c.kind === 'session')).toEqual([]);
    await again;
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.listening()).toBe(true);
    expect(counter.version()).toBe(version + 2);
  });

  it('answers false when the first subscription fails, then keeps retrying until one works', async () => {
    const feed = fakeFeed();
    feed.failing = true;
    const { counter } = counterOn(feed);
    expect(await counter.start()).toBe(false);
    await feed.nextAttempt();
    await feed.nextAttempt();
    feed.failing = false;
    await feed.nextAttempt();
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.listening()).toBe(true);
    expect(feed.attempts.length).toBeGreaterThanOrEqual(4);
  });

  it('a subscription lost while it was being opened is closed and counts as failed', async () => {
    let handlers: ChangeFeedHandlers | undefined;
    let closed = 0;
    const counter = createNotifiedChangeCounter({
      reconnectDelayMs: 60_000,
      open: async (h) => {
        handlers = h;
        h.lost();
        return {
          close: async () => {
            closed += 1;
          },
        };
      },
    });
    counters.push(counter);
    expect(await counter.start()).toBe(false);
    expect(handlers).toBeDefined();
    expect(closed).toBe(1);
    expect(counter.listening()).toBe(false);
  });

  it('close ends the subscription and stops reconnecting', async () => {
    const feed = fakeFeed();
    const { counter } = counterOn(feed);
    await counter.start();
    await counter.close();
    expect(feed.closed).toBe(1);
    expect(counter.listening()).toBe(false);
    feed.attempts[0]?.lost();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(feed.attempts).toHaveLength(1);
  });

  it('counts its own process writes at once', async () => {
    const { counter } = counterOn(fakeFeed());
    const version = counter.version();
    counter.noteWrite();
    expect(counter.version()).toBe(version + 1);
  });

  it('reads only the payloads it knows', () => {
    expect(parseChange('s:')).toEqual({ kind: 'session', idHash: '' });
    expect(parseChange('i:1.5')).toBeNull();
    expect(parseChange('i:x')).toBeNull();
    expect(parseChange(undefined)).toBeNull();
  });
});
