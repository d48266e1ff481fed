/**
 * `barbican sessions …`: an admin lists a user's sessions and ends them, with the same ids the
 * user's sessions page shows (so SECRET_KEY, the app's, is needed). Sessions live where the app
 * keeps them: SECURITY_SESSION_STORE, or Redis whenever a Redis URL is given (--redis-url,
 * REDIS_URL or SECURITY_REDIS_URL). Ending one takes effect on its next request in every process.
 */
import { createSessionManager, type SessionInfo, type SessionManager } from '../auth/session-manager.js';
import { deriveKey } from '../crypto/keys.js';
import { createRedisConnection } from '../datastore/redis/redis-connection.js';
import { createRedisSessionStore } from '../datastore/redis/redis-session-store.js';
import type { Datastore, SessionStore } from '../datastore/types.js';
import { cliSettingsFromEnv } from './cli-settings.js';
import {
  type CommandContext,
  type CommandGroup,
  type CommandSpec,
  failed,
  succeeded,
  usageError,
} from './command.js';
import { findUser } from './identity.js';

const USER_ARGUMENT = { name: 'EMAIL', doc: "The user's email address (a username also works)." };
const REDIS_OPTION = {
  type: 'string',
  valueName: 'URL',
  doc: 'Redis holding the sessions (default REDIS_URL); implies SECURITY_SESSION_STORE=redis unless that says sql.',
} as const;
const DEFAULT_REDIS_PREFIX = 'barbican:session:';

type Outcome = Awaited<ReturnType<CommandSpec['run']>>;

/** Runs fn with the user's session manager, closing any Redis connection it opened. */
async function withSessions(
  context: CommandContext,
  fn: (manager: SessionManager, store: Datastore) => Promise<Outcome>,
): Promise<Outcome> {
  const { env, line } = context;
  const secretKey = env.SECRET_KEY || env.SECURITY_SECRET_KEY;
  if (!secretKey) return usageError("Set SECRET_KEY (the app's): session ids are derived from it.");
  const redisUrl = line.string('redis-url') || env.REDIS_URL || env.SECURITY_REDIS_URL || null;
  const kind = env.SECURITY_SESSION_STORE || (redisUrl ? 'redis' : 'sql');
  if (kind !== 'sql' && kind !== 'redis')
    return usageError('SECURITY_SESSION_STORE must be "sql" or "redis".');
  if (kind === 'redis' && redisUrl === null)
    return usageError('Redis sessions need --redis-url or REDIS_URL.');
  const store = await context.openDatastore();
  const redis =
    kind === 'redis' && redisUrl ? createRedisConnection({ url: redisUrl, onError: () => {} }) : null;
  try {
    const sessions: SessionStore = redis
      ? createRedisSessionStore({
          redis,
          users: store,
          keyPrefix: env.SECURITY_SESSION_REDIS_PREFIX || DEFAULT_REDIS_PREFIX,
        })
      : store;
    const manager = createSessionManager({
      store: sessions,
      publicIdKey: deriveKey(secretKey, 'session-public-id'),
      nowMs: () => Date.now(),
      reportError: () => {},
    });
    return await fn(manager, store);
  } finally {
    await redis?.close();
  }
}

function describe(session: SessionInfo): string {
  const when = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');
  const agent = (session.userAgent ?? 'unknown browser').replace(/[\r\n\t]/g, ' ');
  return [session.id, when(session.createdAt), when(session.lastSeenAt), session.ip ?? '-', agent].join('  ');
}

const list: CommandSpec = {
  name: 'list',
  summary: "List a user's live sessions: id, signed in, last seen (UTC), IP, browser",
  arguments: [USER_ARGUMENT],
  options: { 'redis-url': REDIS_OPTION },
  run: (context) =>
    withSessions(context, async (manager, store) => {
      const identity = context.line.args[0] ?? '';
      const user = await findUser(store, identity, cliSettingsFromEnv(context.env));
      if (user === null) return failed(`User ${identity} not found.`);
      const sessions = await manager.list(user);
      if (sessions.length === 0) return succeeded(`${user.email} has no sessions.`);
      return succeeded(sessions.map(describe).join('\n'));
    }),
};

const revoke: CommandSpec = {
  name: 'revoke',
  summary: "End one of a user's sessions (--id) or all of them (--all)",
  arguments: [USER_ARGUMENT],
  options: {
    id: { type: 'string', valueName: 'ID', doc: 'The session id, as `sessions list` shows it.' },
    all: { type: 'boolean', doc: 'End every session of the user.' },
    'redis-url': REDIS_OPTION,
  },
  run: (context) =>
    withSessions(context, async (manager, store) => {
      const { line } = context;
      const id = line.string('id');
      if (line.flag('all') === (id !== undefined))
        return usageError('Give exactly one of --id ID and --all.');
      const identity = line.args[0] ?? '';
      const user = await findUser(store, identity, cliSettingsFromEnv(context.env));
      if (user === null) return failed(`User ${identity} not found.`);
      if (id === undefined) {
        const count = await manager.revokeAll(user);
        return succeeded(`Ended ${count} session${count === 1 ? '' : 's'} of ${user.email}.`);
      }
      if (!(await manager.revoke(user, id))) return failed(`${user.email} has no session ${id}.`);
      return succeeded(`Ended session ${id} of ${user.email}.`);
    }),
};

export const sessionsCommands: CommandGroup = {
  name: 'sessions',
  summary: "List and end users' sessions",
  commands: [list, revoke],
};
