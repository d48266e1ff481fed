/**
 * The token mechanism: a signed, expiring token naming the user's fs_token_uniquifier (else
 * fs_uniquifier) and the authentication time. Not stored server-side; rotating the uniquifier
 * kills every token of the user at once.
 */
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { sign, unsign } from '../crypto/signer.js';
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

/** Where a token may come from, in Flask-Security's precedence: JSON body, query, header. */
async function findPresentedToken(state: RequestState): Promise<string | null> {
  const { config } = state.core;
  const request = state.request;
  if (
    request.method !== 'GET' &&
    request.method !== 'HEAD' &&
    isJsonContentType(request.headers.get('content-type'))
  ) {
    const body = await state.body().catch(() => ({}) as Record<string, unknown>);
    const fromBody = body[config.tokenAuthenticationKey];
    if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  }
  const fromQuery = state.url.searchParams.get(config.tokenAuthenticationKey);
  if (fromQuery) return fromQuery;
  return request.headers.get(config.tokenAuthenticationHeader) || null;
}

export interface TokenAuthentication {
  readonly user: User;
  readonly authenticatedAt: number;
}

/** Verifies the presented token, if any; null when absent, forged, expired or revoked. */
export async function authenticateToken(state: RequestState): Promise<TokenAuthentication | null> {
  const token = await findPresentedToken(state);
  if (!token || token.length > 4096) return null;
  const { core } = state;
  const encoded = unsign(core.keys['auth-token'], token);
  if (!encoded) return null;
  const payload = decodePayload(encoded);
  if (!payload) return null;
  if (payload.e !== null && core.clock.nowMs() >= payload.e * 1000) return null;
  const user = await core.datastore.findUserByTokenUniquifier(payload.u);
  if (!user?.active) return null;
  return { user, authenticatedAt: payload.t * 1000 };
}

/** True when the request presents any token at all (used to keep mechanisms from mixing). */
export async function presentsToken(state: RequestState): Promise<boolean> {
  return (await findPresentedToken(state)) !== null;
}
