/**
 * Where pending one-time codes live. Narrow on purpose (lucia's Adapter): one row per
 * (subject, purpose), addressed by the record's random id so a newer code is never touched by a
 * request still holding the older one. A SQL table and a Redis hash both fit:
 *
 * - SQL: `one_time_codes(subject, purpose, id, code_mac, issued_at, expires_at, attempts,
 *   PRIMARY KEY (subject, purpose))`; `put` is `INSERT … ON CONFLICT DO UPDATE`,
 *   `incrementAttempts` is `UPDATE … SET attempts = attempts + 1 … RETURNING *`, `delete` is
 *   `DELETE … WHERE subject = ? AND purpose = ? AND id = ?` reporting the affected row count.
 * - Redis: a hash at `otc:{purpose}:{subject}` with PEXPIREAT at expiry; `put` is HSET + PEXPIREAT
 *   in MULTI after DEL; `incrementAttempts` is HINCRBY + HGETALL in MULTI (or one Lua script);
 *   `delete` is a Lua compare-and-delete on `id`.
 */

/** One issued code, as stored. The code itself is never stored, only its keyed MAC. */
export interface OneTimeCodeRecord {
  /** Random id of this issue; a newer code for the same subject and purpose has another. */
  readonly id: string;
  /** Who the code was issued to (the user id as text). */
  readonly subject: string;
  /** What the code is for ('tf-email', 'us-sms', 'us-setup', …). */
  readonly purpose: string;
  /** base64url HMAC-SHA256 of the code, bound to subject, purpose, id and target. */
  readonly codeMAC: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  /** Verifications attempted so far, counted before each comparison. */
  readonly attempts: number;
}

export interface OneTimeCodeStore {
  /**
   * Stores `record` as THE pending code of (subject, purpose), replacing any earlier one in one
   * atomic step: there is never a moment when both the old and the new code are pending.
   */
  put(record: OneTimeCodeRecord): Promise<void>;

  /** The pending record of (subject, purpose), or null. A read only: no guarantee it is still there. */
  get(subject: string, purpose: string): Promise<OneTimeCodeRecord | null>;

  /**
   * Atomically adds one to the pending record's attempts and returns the record as it is after
   * the increment, or null when there is none. Two concurrent calls must never see the same count:
   * this is what caps guesses at N even when an attacker sends them all at once.
   */
  incrementAttempts(subject: string, purpose: string): Promise<OneTimeCodeRecord | null>;

  /**
   * Deletes the record only if it is still the one with this `id`; true when THIS call removed
   * it. Two requests consuming the same correct code race here and exactly one gets true.
   */
  delete(subject: string, purpose: string, id: string): Promise<boolean>;

  /** Housekeeping: removes records expired at `nowMs`; returns how many. (Redis: TTL does it; return 0.) */
  deleteExpired(nowMs: number): Promise<number>;
}
