/**
 * HTTP Basic (RFC 7617): credentials on every request, no session created. Unlike Flask-Security
 * 5.1.2, an unconfirmed user is refused when confirmation is required, and so is a user with
 * two-factor: a password alone must never pass where a sign-in would ask for the second factor.
 */
import type { RequestState } from '../context.js';
import type { User } from '../datastore/types.js';
import { limitSecretCheck } from '../ratelimit/limit-request.js';
import { settlePasswordCheck } from '../ratelimit/settle-password-check.js';
import { checkPassword } from './password-check.js';
import { requiredSecondFactor } from './pending-login.js';

export function parseBasicCredentials(header: string | null): { identity: string; password: string } | null {
  if (!header) return null;
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1] || match[1].length > 8192) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1], 'base64'));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.includes('\u0000')) return null;
  return { identity: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function authenticateBasic(state: RequestState): Promise<User | null> {
  const credentials = parseBasicCredentials(state.header('authorization'));
  if (!credentials) return null;
  const typed = credentials.identity.trim();
  // A 429 (thrown) rather than the challenge: a client that guessed too often is told to wait.
  const limit = typed === '' ? null : await limitSecretCheck(state, { scope: 'password', identity: typed });
  const result = await checkPassword(state.core, credentials.identity, credentials.password);
  await settlePasswordCheck(limit, result);
  if (!result.ok || (await requiredSecondFactor(state.core, result.user)) !== null) return null;
  return result.user;
}

/** The challenge header value, with the realm quoted per RFC 7235. */
export function basicChallenge(realm: string): string {
  return `Basic realm="${realm.replace(/["\\]/g, '\\$&')}"`;
}
