/**
 * What a signed value says, remembered after its signature checked once, so that the next request
 * carrying the same cookie or token skips the HMAC (and the hashing that follows it).
 *
 * Never stale: the entry is a pure function of the value and the key, which does not change while
 * the process runs. Whether the session or user behind it still exists is asked every time.
 * Only values whose signature checked are kept, so forged values fill nothing and each one still
 * pays the full constant-time check. Bounded: when full, the oldest entry goes.
 */
export interface VerifiedMemo<T> {
  get(signed: string): T | undefined;
  set(signed: string, meaning: T): void;
  readonly size: number;
}

export const DEFAULT_VERIFIED_MEMO_ENTRIES = 10_000;

/** One memo per signing key (weakly held: a key no longer in use takes its memo with it). */
export function memoPerKey<T>(maxEntries = DEFAULT_VERIFIED_MEMO_ENTRIES): (key: Buffer) => VerifiedMemo<T> {
  const memos = new WeakMap<Buffer, VerifiedMemo<T>>();
  return (key) => {
    let memo = memos.get(key);
    if (!memo) {
      memo = createVerifiedMemo<T>(maxEntries);
      memos.set(key, memo);
    }
    return memo;
  };
}

export function createVerifiedMemo<T>(maxEntries = DEFAULT_VERIFIED_MEMO_ENTRIES): VerifiedMemo<T> {
  const entries = new Map<string, T>();
  return {
    get: (signed) => entries.get(signed),
    set(signed, meaning) {
      if (entries.size >= maxEntries && !entries.has(signed)) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(signed, meaning);
    },
    get size() {
      return entries.size;
    },
  };
}
