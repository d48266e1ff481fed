/**
 * A per-process cache of `findSessionWithUser` and `findUserByTokenUniquifier` that is never
 * stale: an entry is served only while its datastore's change counter says nothing it was read
 * from can have changed since (SQLite's `PRAGMA data_version` plus this process's own writes;
 * PostgreSQL's LISTEN/NOTIFY). Bounded in entries (least recently used go first) and in age (a
 * belt: correctness comes from the counter).
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
  readonly stats: Readonly<SessionCacheStats>;
  close(): Promise<void>;
}

/** A session with its user, or a token's user alone (session null). */
type Cached = SessionWithUser | { readonly session: null; readonly user: User };

interface Entry {
  readonly value: Cached;
  readonly version: number;
  readonly readAtMs: number;
}

/** Token users live beside sessions, keyed apart: a session's key is a hex hash, never with ':'. */
const tokenKey = (tokenUniquifier: string): string => `t:${tokenUniquifier}`;

export const DEFAULT_SESSION_CACHE_ENTRIES = 10_000;
export const DEFAULT_SESSION_CACHE_MAX_AGE_MS = 60_000;

export function createSessionCache(counter: ChangeCounter, options: SessionCacheOptions = {}): SessionCache {
  const maxEntries = options.maxEntries ?? DEFAULT_SESSION_CACHE_ENTRIES;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_SESSION_CACHE_MAX_AGE_MS;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const stats: SessionCacheStats = options.stats ?? { hits: 0, misses: 0 };
  // Bumped by every precise forget: a read in flight when one lands may hold the old row and is
  // then returned but not kept (its version alone cannot tell, as a precise change bumps none).
  let forgets = 0;

  function forget(change: CacheChange): void {
    forgets += 1;
    if (change.kind === 'all') entries.clear();
    else if (change.kind === 'session') entries.delete(change.idHash);
    else for (const [key, entry] of entries) if (entry.value.user.id === change.userId) entries.delete(key);
  }
  counter.onChange((change) => {
    forget(change);
    options.onChange?.(change);
  });

  function fresh(entry: Entry, nowMs: number): boolean {
    if (entry.version !== counter.version()) return false;
    const age = now() - entry.readAtMs;
    const { session } = entry.value;
    return (
      age < maxAgeMs && age <= counter.maxStalenessMs() && (session === null || session.expiresAt > nowMs)
    );
  }

  function peekEntry(key: string, nowMs: number): Cached | undefined {
    const hit = entries.get(key);
    if (!hit || !fresh(hit, nowMs)) return undefined;
    // Least recently used goes first: a hit moves to the back of the Map's order.
    entries.delete(key);
    entries.set(key, hit);
    stats.hits += 1;
    return hit.value;
  }

  async function load<T extends Cached>(key: string, read: () => Promise<T | null>): Promise<T | null> {
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

  const peek = (idHash: string, nowMs: number): SessionWithUser | undefined => {
    const value = peekEntry(idHash, nowMs);
    return value?.session ? (value as SessionWithUser) : undefined;
  };
  const peekTokenUser = (tokenUniquifier: string): User | undefined =>
    peekEntry(tokenKey(tokenUniquifier), 0)?.user;

  return {
    stats,
    forget,
    peek,
    peekTokenUser,
    async find(idHash, nowMs, read) {
      return peek(idHash, nowMs) ?? load(idHash, read);
    },
    async findTokenUser(tokenUniquifier, read) {
      const cached = peekTokenUser(tokenUniquifier);
      if (cached) return cached;
      const found = await load(tokenKey(tokenUniquifier), async () => {
        const user = await read();
        return user ? { session: null, user } : null;
      });
      return found?.user ?? null;
    },
    async close() {
      entries.clear();
      await counter.close();
    },
  };
}
