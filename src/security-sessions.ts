/** `security.sessions`: the session manager for app code and admin tools, with its events. */
import type { SecurityCore } from './core.js';
import type { SecuritySessions } from './security.js';

export function securitySessions(core: SecurityCore): SecuritySessions {
  const { sessions, events } = core;
  return {
    list: (user) => sessions.list(user),
    async revoke(user, id) {
      const ended = await sessions.revoke(user, id);
      if (ended) events.emit('sessionsRevoked', { user, count: 1, by: 'app' });
      return ended;
    },
    async revokeAll(user, options = {}) {
      const count = await sessions.revokeAll(user, options);
      events.emit('sessionsRevoked', { user, count, by: 'app' });
      return count;
    },
  };
}
