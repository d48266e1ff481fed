/**
 * What a session remembers about its browser for the sessions page: the client IP and User-Agent
 * when it starts (last seen is the session manager's sawSession).
 */
import type { RequestState } from '../context.js';
import { type SessionMetadata, USER_AGENT_MAX_LENGTH } from '../datastore/session-management.js';

/** IP and User-Agent of the request that starts a session (cut, so a hostile header costs nothing). */
export function sessionOrigin(state: RequestState): SessionMetadata {
  const ip = state.clientIp;
  const userAgent = state.header('user-agent')?.slice(0, USER_AGENT_MAX_LENGTH);
  return {
    ...(ip === null ? {} : { ip }),
    ...(userAgent ? { userAgent } : {}),
  };
}
