/** Where rate-limit counters live: process memory, or Redis shared by every process. */

/** A counter's value after an update, and when its window ends. */
export interface CounterHit {
  readonly count: number;
  /** Milliseconds until the window (the key's time to live) ends; at least 1. */
  readonly resetInMs: number;
}

/**
 * Fixed-window counters: the first increment starts a window of `windowMs`; later increments
 * leave the expiry alone, so hammering never extends a window (no attacker-made permanent lock).
 * Every method is atomic per key, so N concurrent increments count exactly N.
 */
export interface CounterStore {
  /** Adds `delta` (may be negative) and returns the new count; creates the key with windowMs to live. */
  increment(key: string, windowMs: number, delta?: number): Promise<CounterHit>;
  /** The current count, or null when the key is absent or expired. */
  get(key: string): Promise<CounterHit | null>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
