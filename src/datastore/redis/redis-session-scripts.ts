/**
 * The Redis session store's writes as Lua scripts: each runs atomically on the server, so a
 * session and its owner's index never disagree, and a write racing a delete cannot bring a
 * deleted session back (HSET on a missing key would recreate it without a TTL).
 *
 * Layout: `<prefix>s:<idHash>` a hash (fields in redis-session-codec.ts) expiring at the session's
 * expiry (PEXPIREAT); `<prefix>u:<fsUniquifier>` a sorted set of the user's id hashes scored by
 * expiry, pruned as it is written and itself expiring with its last session.
 *
 * Every script that changes or ends a session publishes `s:<idHash>` on the store's channel
 * (`<prefix>changes`), in the same atomic step: each process's session cache drops that session
 * when it hears it (redis-change-feed.ts). A last-seen touch publishes nothing: no check reads it.
 */

/** The server's clock in ms, for pruning index entries whose sessions Redis already expired. */
const NOW_MS = `local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/** Re-points the index's own TTL at its latest member (or drops it when empty). */
const INDEX_TTL = `redis.call('ZREMRANGEBYSCORE', idx, '-inf', now)
local last = redis.call('ZRANGE', idx, -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', idx, last[2]) end`;

/** KEYS: session, index. ARGV: expiresAt, idHash, field, value, … Returns 0 when the id exists. */
export const CREATE_SESSION = `${NOW_MS}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
local idx = KEYS[2]
redis.call('ZADD', idx, ARGV[1], ARGV[2])
${INDEX_TTL}
return 1`;

/** KEYS: session. ARGV: expiresAt or '', idHash, index prefix, channel, field, value, … */
export const UPDATE_SESSION = `${NOW_MS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[4], 's:' .. ARGV[2])
if #ARGV > 4 then redis.call('HSET', KEYS[1], unpack(ARGV, 5)) end
if ARGV[1] ~= '' then
  -- The owner is read first: an expiry in the past deletes the key at once.
  local idx = ARGV[3] .. redis.call('HGET', KEYS[1], 'u')
  redis.call('PEXPIREAT', KEYS[1], ARGV[1])
  redis.call('ZADD', idx, ARGV[1], ARGV[2])
  ${INDEX_TTL}
end
return 1`;

/** KEYS: session. ARGV: idHash, index prefix, channel. */
export const DELETE_SESSION = `local u = redis.call('HGET', KEYS[1], 'u')
if redis.call('DEL', KEYS[1]) == 1 then redis.call('PUBLISH', ARGV[3], 's:' .. ARGV[1]) end
if u then redis.call('ZREM', ARGV[2] .. u, ARGV[1]) end
return 1`;

/** KEYS: index. ARGV: session key prefix, channel. Returns the id hashes of the live sessions it deleted. */
export const DELETE_USER_SESSIONS = `local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local deleted = {}
for _, id in ipairs(ids) do
  if redis.call('DEL', ARGV[1] .. id) == 1 then
    redis.call('PUBLISH', ARGV[2], 's:' .. id)
    table.insert(deleted, id)
  end
end
redis.call('DEL', KEYS[1])
return deleted`;

/** KEYS: index. ARGV: session key prefix, nowMs. Returns [idHash, [field, value, …]], … */
export const LIST_USER_SESSIONS = `local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], '+inf')
local out = {}
for _, id in ipairs(ids) do
  local fields = redis.call('HGETALL', ARGV[1] .. id)
  if #fields > 0 then table.insert(out, id); table.insert(out, fields) end
end
return out`;

/** KEYS: session. ARGV: lastSeenAt, ifBefore. 1 when it wrote. */
export const TOUCH_SESSION = `local seen = redis.call('HGET', KEYS[1], 'ls') or redis.call('HGET', KEYS[1], 'c')
if not seen then return 0 end
if tonumber(seen) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'ls', ARGV[1])
return 1`;
