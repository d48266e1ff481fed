/**
 * A per-process cache of `findSessionWithUser`, `findUserByTokenUniquifier` and
 * `findUserByUniquifier` that is never stale: an entry is served only while its datastore's change
 * counter says nothing it was read from can have changed since (SQLite's `PRAGMA data_version`
 * plus this process's own writes; PostgreSQL's LISTEN/NOTIFY; Redis pub/sub for sessions kept
 * there). Bounded in entries (least recently used go first) and in age (a belt: correctness comes
 * from the counter). `createChangeAwareCache` is the same machinery for any value (the Redis
 * session store caches its session records with it).
 */
import type { SessionRecord, User } from '../datastore/types.js';

export type SessionWithUser = { session: SessionRecord; user: User };

/** What tells a cache whether anything it holds may be out of date. */
export interface ChangeCounter {
  /** A number that changes whenever a committed write may have made a cached read stale. */
  version(): number;
  /**
   * How old a cached read may be and still be served: Infinity while the counter vouches for every
   * change, a short bound while it cannot (PostgreSQL with its LISTEN connection down).
   */
  maxStalenessMs(): number;
  /** Registers the cache for changes the counter can name precisely (one session, one user). */
  onChange(listener: (change: CacheChange) => void): void;
  close(): Promise<void>;
}

/** A change the counter was told of: one session or one user (the rest of the cache stays), or all. */
export type CacheChange =
  | { readonly kind: 'session'; readonly idHash: string }
  | { readonly kind: 'user-id'; readonly userId: number }
  /** Anything may have changed (the counter's version moved too). */
  | { readonly kind: 'all' };

export interface SessionCacheOptions {
  /** Most entries kept (default 10,000); the least recently used go first. */
  readonly maxEntries?: number;
  /** Longest an entry is served, whatever the counter says (default 60 s). */
  readonly maxAgeMs?: number;
  /** Monotonic milliseconds (tests may pass their own). */
  readonly now?: () => number;
  /** Called after the cache applied a change its counter reported (tests wait on it, metrics count it). */
  readonly onChange?: (change: CacheChange) => void;
  /** An object of the caller's the cache counts its hits and misses in (metrics, tests). */
  readonly stats?: SessionCacheStats;
}

export interface SessionCacheStats {
  hits: number;
  misses: number;
}

export interface SessionCache {
  /**
   * The cached session (not expired at nowMs) with its user when the cache can vouch for it now,
   * without waiting; undefined otherwise (then call find). Counts a hit only when it answers.
   */
  peek(idHash: string, nowMs: number): SessionWithUser | undefined;
  /** The session (not expired at nowMs) with its user, from the cache when still valid, else from load. */
  find(
    idHash: string,
    nowMs: number,
    load: () => Promise<SessionWithUser | null>,
  ): Promise<SessionWithUser | null>;
  /** Drops what a change names (one session, one user's entries, or all), as a notification would. */
  forget(change: CacheChange): void;
  /** The user of a token uniquifier (an auth token's `u`), as peek does for sessions. */
  peekTokenUser(tokenUniquifier: string): User | undefined;
  /** The user of a token uniquifier, from the cache when still valid, else from load. */
  findTokenUser(tokenUniquifier: string, load: () => Promise<User | null>): Promise<User | null>;
  /** The user of an fs_uniquifier (a session's owner), as peek does for sessions. */
  peekUser(fsUniquifier: string): User | undefined;
  /** The user of an fs_uniquifier, from the cache when still valid, else from load. */
  findUser(fsUniquifier: string, load: () => Promise<User | null>): Promise<User | null>;
  readonly stats: Readonly<SessionCacheStats>;
  close(): Promise<void>;
}

/** How a change-aware cache reads its values. */
export interface CachedValueShape<V> {
  /** Epoch ms after which the value is served no more (Infinity: never on its own). */
  expiresAt(value: V): number;
  /** The user the value belongs to, for changes that name a user (undefined: none do). */
  userId(value: V): number | undefined;
}

/** The cache machinery, for values of any shape. */
export interface ChangeAwareCache<V> {
  /** The value when the counter vouches for it now and it has not expired at nowMs; counts a hit. */
  peek(key: string, nowMs: number): V | undefined;
  /** The value from the cache when still valid, else from read (kept unless a change landed meanwhile). */
  find(key: string, nowMs: number, read: () => Promise<V | null>): Promise<V | null>;
  forget(change: CacheChange): void;
  readonly stats: Readonly<SessionCacheStats>;
  /** Empties the cache and closes its counter. */
  close(): Promise<void>;
}

interface Entry<V> {
  readonly value: V;
  readonly version: number;
  readonly readAtMs: number;
}

export const DEFAULT_SESSION_CACHE_ENTRIES = 10_000;
export const DEFAULT_SESSION_CACHE_MAX_AGE_MS = 60_000;

export function createChangeAwareCache<V>(
  counter: ChangeCounter,
  shape: CachedValueShape<V>,
  options: SessionCacheOptions = {},
): ChangeAwareCache<V> {
  const maxEntries = options.maxEntries ?? DEFAULT_SESSION_CACHE_ENTRIES;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_SESSION_CACHE_MAX_AGE_MS;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry<V>>();
  const stats: SessionCacheStats = options.stats ?? { hits: 0, misses: 0 };
  // Bumped by every precise forget: a read in flight when one lands may hold the old row and is
  // then returned but not kept (its version alone cannot tell, as a precise change bumps none).
  let forgets = 0;

  function forget(change: CacheChange): void {
    forgets += 1;
    if (change.kind === 'all') entries.clear();
    else if (change.kind === 'session') entries.delete(change.idHash);
    else
      for (const [key, entry] of entries)
        if (shape.userId(entry.value) === change.userId) entries.delete(key);
  }
  counter.onChange((change) => {
    forget(change);
    options.onChange?.(change);
  });

  function fresh(entry: Entry<V>, nowMs: number): boolean {
    if (entry.version !== counter.version()) return false;
    const age = now() - entry.readAtMs;
    return age < maxAgeMs && age <= counter.maxStalenessMs() && shape.expiresAt(entry.value) > nowMs;
  }

  function peek(key: string, nowMs: number): V | undefined {
    const hit = entries.get(key);
    if (!hit || !fresh(hit, nowMs)) return undefined;
    // Least recently used goes first: a hit moves to the back of the Map's order.
    entries.delete(key);
    entries.set(key, hit);
    stats.hits += 1;
    return hit.value;
  }

  async function load(key: string, read: () => Promise<V | null>): Promise<V | null> {
    entries.delete(key);
    stats.misses += 1;
    // Taken before the read: a write that lands during it leaves the entry already outdated.
    const version = counter.version();
    const forgetsBefore = forgets;
    const readAtMs = now();
    const value = await read();
    if (value && forgets === forgetsBefore) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value ?? '');
      entries.set(key, { value, version, readAtMs });
    }
    return value;
  }

  return {
    stats,
    forget,
    peek,
    async find(key, nowMs, read) {
      return peek(key, nowMs) ?? load(key, read);
    },
    async close() {
      entries.clear();
      await counter.close();
    },
  };
}

/** A session with its user, or a user alone (session null): a token's, or a session owner's. */
type Cached = SessionWithUser | { readonly session: null; readonly user: User };

const SESSION_WITH_USER: CachedValueShape<Cached> = {
  expiresAt: (value) => value.session?.expiresAt ?? Number.POSITIVE_INFINITY,
  userId: (value) => value.user.id,
};

/** Users live beside sessions, keyed apart: a session's key is a hex hash, never with ':'. */
const tokenKey = (tokenUniquifier: string): string => `t:${tokenUniquifier}`;
const userKey = (fsUniquifier: string): string => `f:${fsUniquifier}`;

export function createSessionCache(counter: ChangeCounter, options: SessionCacheOptions = {}): SessionCache {
  const cache = createChangeAwareCache(counter, SESSION_WITH_USER, options);

  const peek = (idHash: string, nowMs: number): SessionWithUser | undefined => {
    const value = cache.peek(idHash, nowMs);
    return value?.session ? (value as SessionWithUser) : undefined;
  };
  const peekUserAt = (key: string): User | undefined => cache.peek(key, 0)?.user;
  const findUserAt = async (key: string, read: () => Promise<User | null>): Promise<User | null> => {
    const found = await cache.find(key, 0, async () => {
      const user = await read();
      return user ? { session: null, user } : null;
    });
    return found?.user ?? null;
  };

  return {
    stats: cache.stats,
    forget: cache.forget,
    peek,
    // A session's key only ever holds a session with its user.
    find: (idHash, nowMs, read) => cache.find(idHash, nowMs, read) as Promise<SessionWithUser | null>,
    peekTokenUser: (tokenUniquifier) => peekUserAt(tokenKey(tokenUniquifier)),
    findTokenUser: (tokenUniquifier, read) => findUserAt(tokenKey(tokenUniquifier), read),
    peekUser: (fsUniquifier) => peekUserAt(userKey(fsUniquifier)),
    findUser: (fsUniquifier, read) => findUserAt(userKey(fsUniquifier), read),
    close: () => cache.close(),
  };
}
