/**
 * What a session remembers about its browser for the sessions page: the client IP and User-Agent
 * when it starts, and when it was last seen. Last-seen is written at most once a minute per
 * session, never awaited by the request, so the guarded path stays one read per request.
 */
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { type SessionMetadata, USER_AGENT_MAX_LENGTH } from '../datastore/session-management.js';
import type { SessionRecord } from '../datastore/types.js';

/** "Last seen" is shown to the minute; finer would cost a write per request. */
export const LAST_SEEN_INTERVAL_MS = 60_000;

/** IP and User-Agent of the request that starts a session (cut, so a hostile header costs nothing). */
export function sessionOrigin(state: RequestState): SessionMetadata {
  const ip = state.clientIp;
  const userAgent = state.request.headers.get('user-agent')?.slice(0, USER_AGENT_MAX_LENGTH);
  return {
    ...(ip === null ? {} : { ip }),
    ...(userAgent ? { userAgent } : {}),
  };
}

/**
 * Records that the session was seen now, if its last sighting is a minute old: one conditional
 * write, started and not awaited (an error goes to reportError, never to the request).
 */
export function noteSighting(core: SecurityCore, record: SessionRecord): void {
  const nowMs = core.clock.nowMs();
  const ifBefore = nowMs - LAST_SEEN_INTERVAL_MS;
  if ((record.lastSeenAt ?? record.createdAt) >= ifBefore) return;
  core.datastore.touchSession(record.idHash, { lastSeenAt: nowMs, ifBefore }).catch(core.reportError);
}
