/** Where sessions live (SQL or Redis) and the session-management endpoints (docs/sessions.md). */
import { opt } from '../option-spec.js';

export const SESSION_STORE_OPTIONS = {
  sessionStore: opt<'sql' | 'redis'>({
    kind: 'string',
    default: 'sql',
    choices: ['sql', 'redis'],
    origin: 'barbican',
    doc: 'Where server-side sessions live: the datastore (sql) or Redis at redisUrl (redis), expiring by TTL.',
  }),
  sessionRedisPrefix: opt<string>({
    kind: 'string',
    default: 'barbican:session:',
    origin: 'barbican',
    doc: 'Prefix of every Redis key the Redis session store writes (sessions and per-user indexes).',
  }),
  sessionRedisCache: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'barbican',
    doc: 'Keep the Redis sessions each process reads in its own memory, dropped when any process publishes a change to them (docs/performance.md).',
  }),
  sessionRedisCacheMaxStaleness: opt<number>({
    kind: 'duration',
    default: 1,
    origin: 'barbican',
    doc: 'Longest a cached Redis session is served without reading Redis again: the bound on a change whose notification is late or lost.',
  }),
  sessionManagement: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'barbican',
    doc: 'Let a signed-in user list their sessions and end one or all others (sessionsUrl, sessionsRevokeUrl).',
  }),
  sessionsUrl: opt<string>({
    kind: 'string',
    default: '/sessions',
    origin: 'barbican',
    doc: "The signed-in user's sessions: JSON list or HTML page (with sessionManagement).",
  }),
  sessionsRevokeUrl: opt<string>({
    kind: 'string',
    default: '/sessions/revoke',
    origin: 'barbican',
    doc: 'POST { id } or { all_others: true } to end sessions; CSRF-protected and freshness-required.',
  }),
} as const;
