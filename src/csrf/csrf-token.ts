/**
 * Per-session CSRF tokens: `<issued-at seconds>.<HMAC(key, secret | issued-at)>`, time-limited by
 * csrfTimeLimit and compared in constant time. The secret never leaves the server-side session
 * (or the signed anonymous cookie).
 */

import { loadSession, sessionCsrfSecret } from '../auth/session.js';
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { hmacBase64Url, safeEqual } from '../crypto/signer.js';
import type { MessageKey } from '../messages.js';

export type CsrfFailure = Extract<
  MessageKey,
  'CSRF_MISSING' | 'CSRF_INVALID' | 'CSRF_MISMATCH' | 'CSRF_EXPIRED' | 'CSRF_CROSS_ORIGIN'
>;

export function generateCsrfToken(core: SecurityCore, secret: string): string {
  const issuedAt = Math.floor(core.clock.nowMs() / 1000).toString();
  return `${issuedAt}.${hmacBase64Url(core.keys['csrf-token'], `${secret}|${issuedAt}`)}`;
}

export function validateCsrfToken(
  core: SecurityCore,
  secret: string,
  token: string | null,
): CsrfFailure | null {
  if (!token) return 'CSRF_MISSING';
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return 'CSRF_INVALID';
  if (!safeEqual(match[2], hmacBase64Url(core.keys['csrf-token'], `${secret}|${match[1]}`)))
    return 'CSRF_MISMATCH';
  const limit = core.config.csrfTimeLimit;
  if (limit !== null && core.clock.nowMs() / 1000 - Number(match[1]) > limit) return 'CSRF_EXPIRED';
  return null;
}

/** The token for the current visitor's session, creating an anonymous session cookie if needed. */
export async function csrfTokenFor(state: RequestState): Promise<string> {
  return generateCsrfToken(state.core, await sessionCsrfSecret(state));
}

/** The token the request presents: the `csrf_token` field (form or JSON body), else a CSRF header. */
export async function presentedCsrfToken(state: RequestState): Promise<string | null> {
  // A body Barbican cannot read (text/plain, malformed) has no token field; the headers still count.
  const body = await state.body().catch(() => ({}) as Record<string, unknown>);
  const field = body.csrf_token;
  if (typeof field === 'string' && field !== '') return field;
  for (const header of state.core.config.csrfHeaders) {
    const value = state.header(header.toLowerCase());
    if (value) return value;
  }
  return null;
}

/** Checks the request's token against the visitor's session secret. */
export async function checkCsrf(state: RequestState): Promise<CsrfFailure | null> {
  const token = await presentedCsrfToken(state);
  if (!token) return 'CSRF_MISSING';
  const session = await loadSession(state);
  if (session.kind === 'none') return 'CSRF_MISMATCH';
  const secret = session.kind === 'user' ? session.record.csrfSecret : session.csrfSecret;
  return validateCsrfToken(state.core, secret, token);
}
