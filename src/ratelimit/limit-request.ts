/**
 * The rate-limit calls an endpoint makes, in the request it serves: the public hook for every
 * endpoint that checks a secret or sends mail/SMS (the /us-* and /wan-* ones too). A refusal emits
 * `rateLimited` and throws RateLimitedError, which the kernel answers with 429 and Retry-After.
 *
 * @example
 * const attempt = await limitSecretCheck(state, { scope: 'password', identity });
 * const ok = await verifyUserPassword(core, user, password);
 * await (ok ? attempt.succeeded() : attempt.failed());
 */
import type { RequestState } from '../context.js';
import { RateLimitedError } from './rate-limited-error.js';
import type { AttemptOutcome, Refusal } from './rate-limiter.js';

export interface SecretCheck {
  /** Counters are kept apart per scope: 'password' (login, verify, Basic, change) or 'code' (second factors). */
  readonly scope: string;
  /** What the caller claims to be: the identity typed at login, or the signed-in user's email. */
  readonly identity: string;
}

function refuse(state: RequestState, refusal: Refusal): RateLimitedError {
  state.core.events.emit('rateLimited', {
    rule: refusal.rule,
    path: state.url.pathname,
    ip: state.clientIp,
    retryAfterSeconds: refusal.retryAfterSeconds,
  });
  return new RateLimitedError(refusal.rule, refusal.retryAfterSeconds);
}

/** Call before comparing the secret; tell the result what the comparison found. */
export async function limitSecretCheck(state: RequestState, check: SecretCheck): Promise<AttemptOutcome> {
  const result = await state.core.rateLimiter.attempt(check.scope, check.identity, state.clientIp);
  if (result.refused) throw refuse(state, result.refused);
  return result.outcome;
}

/**
 * Runs `compare` (a check of a secret `check.identity` presented) inside the limits: the attempt
 * is admitted (or refused) first, then counted by what the comparison found. The hook for any new
 * endpoint.
 *
 * @example if (!(await limitedCompare(state, { scope: 'code', identity: user.fsUniquifier }, () => check(code)))) …
 */
export async function limitedCompare(
  state: RequestState,
  check: SecretCheck,
  compare: () => Promise<boolean>,
): Promise<boolean> {
  const attempt = await limitSecretCheck(state, check);
  const ok = await compare();
  await (ok ? attempt.succeeded() : attempt.failed());
  return ok;
}

/** Call before queueing a mail or SMS to `recipient` (as typed: unknown recipients count too). */
export async function limitSend(state: RequestState, recipient: string): Promise<void> {
  const refused = await state.core.rateLimiter.send(recipient, state.clientIp);
  if (refused) throw refuse(state, refused);
}

/**
 * As limitSend, for a send that must not change the answer (a sign-in code after a correct
 * password: a 429 there would confirm the password). False means skip the send.
 */
export async function maySend(state: RequestState, recipient: string): Promise<boolean> {
  const refused = await state.core.rateLimiter.send(recipient, state.clientIp);
  if (refused) refuse(state, refused);
  return refused === null;
}
