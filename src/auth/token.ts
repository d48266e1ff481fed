/**
 * The token mechanism: a signed, expiring token naming the user's fs_token_uniquifier (else
 * fs_uniquifier) and the authentication time. Not stored server-side; rotating the uniquifier
 * kills every token of the user at once.
 */
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { sign, unsign } from '../crypto/signer.js';
import { memoPerKey } from '../crypto/verified-memo.js';
import type { User } from '../datastore/types.js';
import { isJsonContentType } from '../http/negotiate.js';

interface TokenPayload {
  /** Token uniquifier. */
  readonly u: string;
  /** Authentication time, epoch seconds. */
  readonly t: number;
  /** Expiry, epoch seconds; null never expires. */
  readonly e: number | null;
}

/** Issues a token for a user who has just authenticated at `authenticatedAtMs`. */
export function issueAuthToken(core: SecurityCore, user: User, authenticatedAtMs: number): string {
  const now = Math.floor(core.clock.nowMs() / 1000);
  let expires: number | null = core.config.tokenMaxAge === null ? null : now + core.config.tokenMaxAge;
  const hook = core.config.tokenExpireTimestamp;
  if (hook) {
    const custom = hook(user);
    if (custom > 0) expires = Math.floor(custom);
  }
  const payload: TokenPayload = {
    u: user.fsTokenUniquifier ?? user.fsUniquifier,
    t: Math.floor(authenticatedAtMs / 1000),
    e: expires,
  };
  return sign(core.keys['auth-token'], Buffer.from(JSON.stringify(payload)).toString('base64url'));
}

function decodePayload(text: string): TokenPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (!('u' in value) || typeof value.u !== 'string') return null;
  if (!('t' in value) || typeof value.t !== 'number') return null;
  if (!('e' in value) || (value.e !== null && typeof value.e !== 'number')) return null;
  return { u: value.u, t: value.t, e: value.e };
}

/** Longer values are refused unread: no token Barbican issues comes near it. */
const MAX_TOKEN_LENGTH = 4096;

/** A request whose JSON body may carry the token (the body wins over the query and the header). */
function mayCarryTokenInBody(state: RequestState): boolean {
  return state.method !== 'GET' && state.method !== 'HEAD' && isJsonContentType(state.header('content-type'));
}

/** The token from the query or the header (what a request without a token body presents). */
function tokenOutsideBody(state: RequestState): string | null {
  const { config } = state.core;
  const fromQuery = state.url.searchParams.get(config.tokenAuthenticationKey);
  if (fromQuery) return fromQuery;
  return state.header(config.tokenAuthenticationHeader.toLowerCase()) || null;
}

/**
 * What authenticateToken would answer, when it is known without waiting: null when the request
 * surely presents no token (none in the query or header, no JSON body that might hold one); the
 * user when the token checks and the datastore's never-stale cache holds its user
 * (peekUserByTokenUniquifier). Undefined whenever only authenticateToken can tell.
 */
export function authenticateTokenNow(state: RequestState): TokenAuthentication | null | undefined {
  if (mayCarryTokenInBody(state)) return undefined;
  const token = tokenOutsideBody(state);
  if (token === null) return null;
  const { core } = state;
  const { datastore } = core;
  if (token.length > MAX_TOKEN_LENGTH || !datastore.peekUserByTokenUniquifier) return undefined;
  const payload = livePayload(core, token);
  if (!payload) return undefined;
  const user = datastore.peekUserByTokenUniquifier(payload.u);
  if (!user?.active) return undefined;
  return { user, authenticatedAt: payload.t * 1000 };
}

/** Where a token may come from, in Flask-Security's precedence: JSON body, query, header. */
async function findPresentedToken(state: RequestState): Promise<string | null> {
  if (mayCarryTokenInBody(state)) {
    const body = await state.body().catch(() => ({}) as Record<string, unknown>);
    const fromBody = body[state.core.config.tokenAuthenticationKey];
    if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  }
  return tokenOutsideBody(state);
}

export interface TokenAuthentication {
  readonly user: User;
  readonly authenticatedAt: number;
}

/** Per signing key: tokens whose signature already checked (only those: forged ones fill nothing). */
const verifiedTokens = memoPerKey<TokenPayload>();

/** What a token says when its signature is right; a repeat of a checked token skips the HMAC. */
function verifiedPayload(key: Buffer, token: string): TokenPayload | null {
  const memo = verifiedTokens(key);
  const known = memo.get(token);
  if (known) return known;
  const encoded = unsign(key, token);
  const payload = encoded ? decodePayload(encoded) : null;
  if (payload) memo.set(token, payload);
  return payload;
}

/** What a token says when it is genuine and not expired; null otherwise. */
function livePayload(core: SecurityCore, token: string): TokenPayload | null {
  const payload = verifiedPayload(core.keys['auth-token'], token);
  if (!payload || (payload.e !== null && core.clock.nowMs() >= payload.e * 1000)) return null;
  return payload;
}

/** Verifies the presented token, if any; null when absent, forged, expired or revoked. */
export async function authenticateToken(state: RequestState): Promise<TokenAuthentication | null> {
  const token = await findPresentedToken(state);
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const { core } = state;
  const payload = livePayload(core, token);
  if (!payload) return null;
  const user = await core.datastore.findUserByTokenUniquifier(payload.u);
  if (!user?.active) return null;
  return { user, authenticatedAt: payload.t * 1000 };
}

/** True when the request presents any token at all (used to keep mechanisms from mixing). */
export async function presentsToken(state: RequestState): Promise<boolean> {
  return (await findPresentedToken(state)) !== null;
}
