/** A SessionRecord as the fields of a Redis hash (short names: one hash per signed-in browser). */
import type { SessionRecord } from '../types.js';

/** Field name → value pairs for HSET, flattened. */
export function sessionFields(record: SessionRecord): string[] {
  const fields: string[] = [
    ...['u', record.fsUniquifier, 'aa', String(record.authenticatedAt), 'cs', record.csrfSecret],
    ...['r', record.remember ? '1' : '0', 'c', String(record.createdAt), 'e', String(record.expiresAt)],
    ...['d', JSON.stringify(record.data)],
  ];
  if (record.lastSeenAt !== undefined) fields.push('ls', String(record.lastSeenAt));
  if (record.ip !== undefined) fields.push('ip', record.ip);
  if (record.userAgent !== undefined) fields.push('ua', record.userAgent);
  return fields;
}

/** The patch of updateSession as HSET pairs (expiry goes to PEXPIREAT as well). */
export function patchFields(patch: {
  authenticatedAt?: number;
  expiresAt?: number;
  data?: Record<string, unknown>;
}): string[] {
  const fields: string[] = [];
  if (patch.authenticatedAt !== undefined) fields.push('aa', String(patch.authenticatedAt));
  if (patch.expiresAt !== undefined) fields.push('e', String(patch.expiresAt));
  if (patch.data !== undefined) fields.push('d', JSON.stringify(patch.data));
  return fields;
}

/**
 * Reads an HGETALL reply: node-redis maps it to an object, while inside Lua scripts it stays a
 * flat [field, value, …] array. Null for a missing or malformed hash.
 */
export function parseSession(idHash: string, reply: unknown): SessionRecord | null {
  const f = fieldMap(reply);
  if (f === null) return null;
  const [u, aa, cs, r, c, e, d] = ['u', 'aa', 'cs', 'r', 'c', 'e', 'd'].map((name) => f.get(name));
  // A hash missing a field was not written by createSession (never trust it as a session).
  if (u === undefined || aa === undefined || cs === undefined || r === undefined) return null;
  if (c === undefined || e === undefined || d === undefined) return null;
  const data = parseJSON(d);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const ls = f.get('ls');
  const ip = f.get('ip');
  const ua = f.get('ua');
  return {
    idHash,
    fsUniquifier: u,
    authenticatedAt: Number(aa),
    csrfSecret: cs,
    remember: r === '1',
    createdAt: Number(c),
    expiresAt: Number(e),
    data: data as Record<string, unknown>,
    ...(ls === undefined ? {} : { lastSeenAt: Number(ls) }),
    ...(ip === undefined ? {} : { ip }),
    ...(ua === undefined ? {} : { userAgent: ua }),
  };
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function fieldMap(reply: unknown): Map<string, string> | null {
  const f = new Map<string, string>();
  const pairs: unknown[][] = Array.isArray(reply)
    ? Array.from({ length: Math.floor(reply.length / 2) }, (_, i) => [reply[2 * i], reply[2 * i + 1]])
    : typeof reply === 'object' && reply !== null
      ? Object.entries(reply)
      : [];
  for (const [name, value] of pairs) {
    if (typeof name === 'string' && typeof value === 'string') f.set(name, value);
  }
  return f.size === 0 ? null : f;
}
