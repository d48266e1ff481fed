/** What session management adds to the session store: who a session is, and listing a user's. */
import type { SessionRecord } from './types.js';

/** Shown to the user on their sessions page; absent when unknown (sessions from before 0011). */
export interface SessionMetadata {
  /** Epoch ms of the last request seen on the session (written at most once a minute). */
  readonly lastSeenAt?: number;
  /** Client IP when the session started (the trusted-proxy-aware client IP). */
  readonly ip?: string;
  /** User-Agent when the session started, cut to USER_AGENT_MAX_LENGTH characters. */
  readonly userAgent?: string;
}

/** Long enough for any real browser's User-Agent, short enough that a hostile one costs nothing. */
export const USER_AGENT_MAX_LENGTH = 400;

export interface SessionManagementStore {
  /** The user's live sessions (unexpired at nowMs), oldest first. */
  listUserSessions(fsUniquifier: string, nowMs: number): Promise<SessionRecord[]>;
  /**
   * Sets the session's last-seen time to `lastSeenAt` only if its last-seen (or, never seen, its
   * creation) time is before `ifBefore`: one conditional write, so processes racing to record the
   * same minute write once. True when it wrote.
   */
  touchSession(idHash: string, times: { lastSeenAt: number; ifBefore: number }): Promise<boolean>;
}
