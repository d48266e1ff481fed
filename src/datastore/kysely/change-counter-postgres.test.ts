/** The PostgreSQL change counter bounds staleness even while it believes it is listening. */
import { describe, expect, it } from 'vitest';
import { createSessionCache, type SessionWithUser } from '../../auth/session-cache.js';
import { createPostgresChangeCounter, type ListenClient } from './change-counter-postgres.js';

/** A LISTEN connection that hangs silently: no notification, no error, no end event. */
function silentConnection() {
  const client: ListenClient = {
    async query() {
      return undefined;
    },
    on() {
      return client;
    },
  };
  return { client, release: async () => {} };
}

const SESSION = {
  session: { expiresAt: Number.MAX_SAFE_INTEGER },
  user: { id: 1 },
} as unknown as SessionWithUser;

describe('the PostgreSQL change counter with a silent LISTEN connection', () => {
  it('still serves a cached session for at most maxStalenessMs, then reads again', async () => {
    const counter = await createPostgresChangeCounter({
      connect: async () => silentConnection(),
      channel: 'barbican_changes',
      maxStalenessMs: 1000,
    });
    if (counter === null) throw new Error('the counter did not start');
    expect(counter.listening()).toBe(true);
    let clock = 0;
    let loads = 0;
    const cache = createSessionCache(counter, { now: () => clock });
    const load = async () => {
      loads += 1;
      return SESSION;
    };
    await cache.find('id', 0, load);
    clock = 1000;
    await cache.find('id', 0, load);
    expect(loads).toBe(1);
    // A notification that is late (or never comes) cannot keep a revoked session alive past 1 s.
    clock = 1001;
    await cache.find('id', 0, load);
    expect(loads).toBe(2);
    await cache.close();
  });
});
