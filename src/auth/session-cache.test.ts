/** The session cache against a hand-driven change counter: what it serves, and what it never does. */
import { describe, expect, it } from 'vitest';
import type { SessionRecord, User } from '../datastore/types.js';
import {
  type CacheChange,
  type ChangeCounter,
  createSessionCache,
  type SessionWithUser,
} from './session-cache.js';

function fakeCounter() {
  let listener: (change: CacheChange) => void = () => {};
  const counter = {
    generation: 0,
    staleness: Number.POSITIVE_INFINITY,
    version: () => counter.generation,
    maxStalenessMs: () => counter.staleness,
    onChange(l: (change: CacheChange) => void) {
      listener = l;
    },
    async close() {},
    emit: (change: CacheChange) => listener(change),
  };
  return counter satisfies ChangeCounter;
}

function found(idHash: string, userId: number, expiresAt = 10_000): SessionWithUser {
  return {
    session: { idHash, expiresAt } as SessionRecord,
    user: { id: userId, fsUniquifier: `u${userId}` } as User,
  };
}

function setup(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  const counter = fakeCounter();
  let clock = 0;
  const stats = { hits: 0, misses: 0 };
  const cache = createSessionCache(counter, { ...options, now: () => clock, stats });
  const loads: string[] = [];
  const find = (idHash: string, userId = 1, nowMs = 0) =>
    cache.find(idHash, nowMs, async () => {
      loads.push(idHash);
      return found(idHash, userId);
    });
  return { counter, cache, loads, stats, find, tick: (ms: number) => (clock += ms) };
}

describe('session cache', () => {
  it('serves a second lookup from memory while the counter has not moved', async () => {
    const { find, loads, stats } = setup();
    await find('a');
    expect((await find('a'))?.session.idHash).toBe('a');
    expect(loads).toEqual(['a']);
    expect(stats).toEqual({ hits: 1, misses: 1 });
  });

  it('reads again once the counter moved (a write by anyone)', async () => {
    const { find, loads, counter } = setup();
    await find('a');
    counter.generation += 1;
    await find('a');
    expect(loads).toEqual(['a', 'a']);
  });

  it('never keeps a read that began before a write, even when the write lands during it', async () => {
    const { cache, counter } = setup();
    let loads = 0;
    const load = async () => {
      loads += 1;
      // The write commits while the read is in flight: the row read may be the old one.
      counter.generation += 1;
      return found('a', 1);
    };
    await cache.find('a', 0, load);
    await cache.find('a', 0, load);
    expect(loads).toBe(2);
  });

  it('never keeps a read in flight when a precise change lands during it', async () => {
    const { cache, counter } = setup();
    const changedDuringRead = async () => {
      counter.emit({ kind: 'session', idHash: 'a' });
      return found('a', 1);
    };
    let laterLoads = 0;
    const later = async () => {
      laterLoads += 1;
      return found('a', 1);
    };
    await cache.find('a', 0, changedDuringRead);
    await cache.find('a', 0, later);
    expect(laterLoads).toBe(1);
    await cache.find('a', 0, later);
    expect(laterLoads).toBe(1);
  });

  it('forgets one session or one user on a precise change, keeping the rest', async () => {
    const { find, loads, counter } = setup();
    await find('a', 1);
    await find('b', 1);
    await find('c', 2);
    counter.emit({ kind: 'session', idHash: 'c' });
    counter.emit({ kind: 'user-id', userId: 1 });
    loads.length = 0;
    await find('a', 1);
    await find('b', 1);
    await find('c', 2);
    expect(loads).toEqual(['a', 'b', 'c']);
    loads.length = 0;
    counter.emit({ kind: 'user-id', userId: 2 });
    await find('a', 1);
    await find('c', 2);
    expect(loads).toEqual(['c']);
  });

  it('does not serve a session past its expiry, whatever the counter says', async () => {
    const { find, loads } = setup();
    await find('a', 1, 0);
    await find('a', 1, 10_000);
    expect(loads).toEqual(['a', 'a']);
  });

  it('serves an entry no longer than maxAgeMs', async () => {
    const { find, loads, tick } = setup({ maxAgeMs: 100 });
    await find('a');
    tick(99);
    await find('a');
    tick(1);
    await find('a');
    expect(loads).toEqual(['a', 'a']);
  });

  it('while the counter cannot vouch, serves an entry only within the staleness bound', async () => {
    const { find, loads, tick, counter } = setup();
    counter.staleness = 1000;
    await find('a');
    tick(1000);
    await find('a');
    tick(1);
    await find('a');
    expect(loads).toEqual(['a', 'a']);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const { find, loads } = setup({ maxEntries: 2 });
    await find('a');
    await find('b');
    await find('a');
    await find('c');
    loads.length = 0;
    await find('a');
    await find('b');
    expect(loads).toEqual(['b']);
  });

  it('keeps no negative answers: an unknown session is asked for every time', async () => {
    const { cache } = setup();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return null;
    };
    await cache.find('x', 0, load);
    await cache.find('x', 0, load);
    expect(loads).toBe(2);
  });
});
