/**
 * Counters in this process's memory, bounded: expired keys are swept as the map is touched, and
 * past maxKeys the oldest windows are evicted first (a flood of new identities cannot grow the heap).
 */
import type { CounterHit, CounterStore } from './counter-store.js';

export interface MemoryCounterStoreOptions {
  readonly maxKeys: number;
  readonly nowMs?: () => number;
}

interface Entry {
  count: number;
  readonly expiresAtMs: number;
}

export function createMemoryCounterStore(options: MemoryCounterStoreOptions): CounterStore & {
  readonly size: () => number;
} {
  const entries = new Map<string, Entry>();
  const nowMs = options.nowMs ?? Date.now;

  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAtMs <= now) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  // A little sweeping per write keeps dead keys from piling up without a timer.
  const sweep = (now: number): void => {
    let checked = 0;
    for (const [key, entry] of entries) {
      if (checked++ >= 8) break;
      if (entry.expiresAtMs <= now) entries.delete(key);
    }
  };

  const hit = (entry: Entry, now: number): CounterHit => ({
    count: entry.count,
    resetInMs: Math.max(1, entry.expiresAtMs - now),
  });

  return {
    async increment(key, windowMs, delta = 1) {
      const now = nowMs();
      let entry = live(key, now);
      // Giving back an attempt whose window has ended: nothing to give back to.
      if (!entry && delta < 0) return { count: 0, resetInMs: 1 };
      if (!entry) {
        sweep(now);
        // Map iteration is insertion order: the first key is the oldest window.
        while (entries.size >= options.maxKeys) {
          const oldest = entries.keys().next();
          if (oldest.done) break;
          entries.delete(oldest.value);
        }
        entry = { count: 0, expiresAtMs: now + windowMs };
        entries.set(key, entry);
      }
      entry.count += delta;
      return hit(entry, now);
    },
    async get(key) {
      const now = nowMs();
      const entry = live(key, now);
      return entry ? hit(entry, now) : null;
    },
    async delete(key) {
      entries.delete(key);
    },
    async close() {
      entries.clear();
    },
    size: () => entries.size,
  };
}
