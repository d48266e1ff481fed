/**
 * Listing and ending a user's sessions, for the sessions endpoints, `security.sessions` and the
 * CLI. Sessions are named by a public id, an HMAC of the stored id hash: it says which session is
 * which and nothing more, so neither the cookie's secret nor the stored hash ever leaves the server.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionRecord, SessionStore, User } from '../datastore/types.js';

/** One session as its owner (or an admin) sees it. */
export interface SessionInfo {
  /** Opaque and stable for the session's life; what revoke takes. */
  readonly id: string;
  readonly createdAt: Date;
  /** The last request seen (to the minute), or the creation time before the first one. */
  readonly lastSeenAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** A remembered (persistent-cookie) session. */
  readonly remember: boolean;
  readonly expiresAt: Date;
  /** The session of the request asking (always false from code and the CLI). */
  readonly current: boolean;
}

export interface SessionManager {
  /** The user's live sessions, oldest first. */
  list(user: User, options?: { currentIdHash?: string }): Promise<SessionInfo[]>;
  /** Ends the user's session with this public id; false when the user has none by that id. */
  revoke(user: User, id: string): Promise<boolean>;
  /** Ends every session of the user, or every one but `except` (a public id); returns how many. */
  revokeAll(user: User, options?: { except?: string }): Promise<number>;
  /** The public id of a stored session (for the request's own session). */
  publicId(idHash: string): string;
  /**
   * Records that a session was just used, writing last-seen at most once a minute per session and
   * process: never awaited, so a request's cost stays one lookup (see LAST_SEEN_INTERVAL_MS).
   */
  sawSession(record: SessionRecord): void;
}

export interface SessionManagerOptions {
  readonly store: Pick<
    SessionStore,
    'listUserSessions' | 'deleteSession' | 'deleteUserSessions' | 'touchSession'
  >;
  /** HKDF-derived 'session-public-id' key (crypto/keys.ts). */
  readonly publicIdKey: Buffer;
  readonly nowMs: () => number;
  /** Where a failed last-seen write goes (it never fails a request). */
  readonly reportError: (error: unknown) => void;
}

/** "Last seen" is shown to the minute; finer would cost a write per request. */
export const LAST_SEEN_INTERVAL_MS = 60_000;

/** Sessions whose last-seen write this process started recently; cleared whole when this large. */
const MAX_TRACKED_SIGHTINGS = 10_000;

/** 128 bits of the HMAC: unguessable, and short enough for a URL or a command line. */
const PUBLIC_ID_BYTES = 16;

/**
 * @example
 * const manager = createSessionManager({ store: datastore, publicIdKey, nowMs: () => Date.now() });
 * await manager.revokeAll(user, { except: currentId });
 */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, publicIdKey, nowMs } = options;
  const publicId = (idHash: string): string =>
    createHmac('sha256', publicIdKey)
      .update(idHash)
      .digest()
      .subarray(0, PUBLIC_ID_BYTES)
      .toString('base64url');
  const sameId = (record: SessionRecord, id: string): boolean => {
    const a = Buffer.from(publicId(record.idHash));
    const b = Buffer.from(id);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const live = (user: User): Promise<SessionRecord[]> => store.listUserSessions(user.fsUniquifier, nowMs());
  // A write still in flight (or just done) is not started again by the requests that read the
  // record before it landed; the stored condition keeps processes from repeating each other.
  const touchedAt = new Map<string, number>();

  return {
    publicId,
    sawSession(record) {
      const now = nowMs();
      const ifBefore = now - LAST_SEEN_INTERVAL_MS;
      const seen = Math.max(record.lastSeenAt ?? record.createdAt, touchedAt.get(record.idHash) ?? 0);
      if (seen >= ifBefore) return;
      if (touchedAt.size >= MAX_TRACKED_SIGHTINGS) touchedAt.clear();
      touchedAt.set(record.idHash, now);
      store.touchSession(record.idHash, { lastSeenAt: now, ifBefore }).catch(options.reportError);
    },
    async list(user, listOptions = {}) {
      return (await live(user)).map((record) => ({
        id: publicId(record.idHash),
        createdAt: new Date(record.createdAt),
        lastSeenAt: new Date(Math.max(record.lastSeenAt ?? record.createdAt, record.createdAt)),
        ip: record.ip ?? null,
        userAgent: record.userAgent ?? null,
        remember: record.remember,
        expiresAt: new Date(record.expiresAt),
        current: record.idHash === listOptions.currentIdHash,
      }));
    },
    async revoke(user, id) {
      // Looked up among this user's sessions only: another user's id is simply not found.
      const target = (await live(user)).find((record) => sameId(record, id));
      if (target === undefined) return false;
      await store.deleteSession(target.idHash);
      return true;
    },
    async revokeAll(user, revokeOptions = {}) {
      const { except } = revokeOptions;
      if (except === undefined) return store.deleteUserSessions(user.fsUniquifier);
      const others = (await live(user)).filter((record) => !sameId(record, except));
      for (const record of others) await store.deleteSession(record.idHash);
      return others.length;
    },
  };
}
