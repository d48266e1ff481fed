/**
 * The `wan_state` of a WebAuthn ceremony: a random token the browser posts back with its answer.
 * Upstream signs the state into a reusable token bound to nobody; here only its SHA-256 is
 * stored, it is taken by the first request that presents it (used or failed, it is gone), it
 * expires, and it is bound to the purpose, the user (or none, for a passkey sign-in) and the
 * browser's CSRF secret, so a state lifted from one browser is useless in another.
 */
import { timingSafeEqual } from 'node:crypto';
import { sessionCsrfSecret } from '../auth/session.js';
import type { RequestState } from '../context.js';
import { randomToken, sha256Hex } from '../crypto/random.js';

export type WanStatePurpose = 'register' | 'signin' | 'verify';

/** Why a presented state cannot be used; both answer 400 (never 404), as upstream. */
export type WanStateFailure = 'invalid' | 'expired';

export interface IssuedWanState {
  readonly token: string;
  readonly expiresAt: number;
}

async function browserBinding(state: RequestState): Promise<string> {
  return sha256Hex(await sessionCsrfSecret(state));
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export async function issueWanState(
  state: RequestState,
  options: {
    purpose: WanStatePurpose;
    userId: number | null;
    withinSeconds: number;
    data: Readonly<Record<string, unknown>>;
  },
): Promise<IssuedWanState> {
  const { core } = state;
  const token = randomToken();
  const now = core.clock.nowMs();
  const expiresAt = now + options.withinSeconds * 1000;
  await core.datastore.createWebAuthnState({
    tokenHash: sha256Hex(token),
    purpose: options.purpose,
    userId: options.userId,
    bindingHash: await browserBinding(state),
    data: options.data,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

export type TakenWanState =
  | { readonly ok: true; readonly userId: number | null; readonly data: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly failure: WanStateFailure };

/**
 * Takes the state: its data when it is this purpose's, this browser's, live, and (when
 * `expected.userId` is given) issued to that user (null: issued to nobody). Whatever the outcome
 * the state cannot be presented again.
 */
export async function takeWanState(
  state: RequestState,
  token: string,
  expected: { purpose: WanStatePurpose; userId?: number | null },
): Promise<TakenWanState> {
  const { core } = state;
  // A token we issued is 43 base64url characters; anything else is not worth a query.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, failure: 'invalid' };
  const record = await core.datastore.consumeWebAuthnState(sha256Hex(token));
  if (record === null) return { ok: false, failure: 'invalid' };
  const binding = await browserBinding(state);
  const userMatches = expected.userId === undefined || record.userId === expected.userId;
  const matches = record.purpose === expected.purpose && userMatches && sameHash(record.bindingHash, binding);
  if (!matches) return { ok: false, failure: 'invalid' };
  if (record.expiresAt <= core.clock.nowMs()) return { ok: false, failure: 'expired' };
  return { ok: true, userId: record.userId, data: record.data };
}
