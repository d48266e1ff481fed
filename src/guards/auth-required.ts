/** Authentication guards: authRequired, authTokenRequired, httpAuthRequired. */

import { authenticate, authenticateNow } from '../auth/authenticate.js';
import { parseDurationSeconds } from '../config/duration.js';
import type { RequestState } from '../context.js';
import { guardCsrfFailure } from '../csrf/csrf-policy.js';
import { csrfFailureResponse } from '../csrf/csrf-response.js';
import { isMutating } from '../csrf/origin-check.js';
import type { AuthMechanism } from '../events.js';
import { hasWebAuthnVerifyCredential } from '../webauthn/verify-credential.js';
import { isFresh } from './freshness.js';
import { type Guard, namedGuard, withStateCookies } from './guard.js';

export interface AuthRequiredOptions {
  /**
   * Freshness: the primary authentication must be younger than this (seconds, or "5m"); negative
   * or absent means no freshness check (as Flask-Security's within=-1).
   */
  readonly within?: number | string;
  /** Grace after a passed freshness check; defaults to freshnessGracePeriod. */
  readonly grace?: number | string;
  /** Realm for the Basic challenge; defaults to defaultHttpAuthRealm. */
  readonly realm?: string;
}

const ALL_MECHANISMS: readonly AuthMechanism[] = ['token', 'session', 'basic'];

function isMechanism(value: unknown): value is AuthMechanism {
  return typeof value === 'string' && (ALL_MECHANISMS as readonly string[]).includes(value);
}

async function refuse(state: RequestState, mechanisms: readonly AuthMechanism[], realm: string | undefined) {
  const { core, request } = state;
  core.events.emit('userUnauthenticated', { mechanisms, path: state.url.pathname });
  const response = await core.handlers.unauthnHandler({
    request,
    json: state.json,
    mechanisms,
    realm: realm ?? core.config.defaultHttpAuthRealm,
  });
  return withStateCookies(state, response);
}

function buildGuard(name: string, requested: readonly AuthMechanism[], options: AuthRequiredOptions): Guard {
  // Flask-Security tries mechanisms in a fixed order whatever order they are listed in.
  const mechanisms = ALL_MECHANISMS.filter((m) => requested.includes(m));
  const within = options.within === undefined ? -1 : parseDurationSeconds(options.within, 'within');
  const grace = options.grace === undefined ? undefined : parseDurationSeconds(options.grace, 'grace');
  // Passing without waiting: an identity known now, a read-only request (no CSRF check) and no
  // freshness to judge; anything else goes the long way below.
  const passesNow = (state: RequestState): boolean =>
    within < 0 && !isMutating(state) && Boolean(authenticateNow(state, mechanisms));
  return namedGuard(
    name,
    async (state) => {
      const identity = await authenticate(state, mechanisms);
      if (!identity) return refuse(state, mechanisms, options.realm);
      const csrfFailure = await guardCsrfFailure(state, identity);
      if (csrfFailure) return withStateCookies(state, csrfFailureResponse(state, csrfFailure));
      if (within >= 0) {
        const graceSeconds = grace ?? state.core.config.freshnessGracePeriod;
        if (!(await isFresh(state, identity, within, graceSeconds))) {
          const response = await state.core.handlers.reauthnHandler({
            request: state.request,
            json: state.json,
            user: identity.user,
            withinSeconds: within,
            graceSeconds,
            hasWebAuthnVerifyCredential: await hasWebAuthnVerifyCredential(state.core, identity.user),
          });
          return withStateCookies(state, response);
        }
      }
      return null;
    },
    passesNow,
  );
}

/**
 * Requires an authenticated caller by any of the given mechanisms (default session and token).
 *
 * @example
 * app.post('/doc', authRequired('token', 'session'), handler)
 * app.post('/email', authRequired('session', { within: '5m' }), handler)
 */
export function authRequired(...args: Array<AuthMechanism | AuthRequiredOptions>): Guard {
  const mechanisms: AuthMechanism[] = [];
  let options: AuthRequiredOptions = {};
  for (const arg of args) {
    if (typeof arg === 'object' && arg !== null) options = arg;
    else if (isMechanism(arg)) mechanisms.push(arg);
    else throw new TypeError(`authRequired: unknown mechanism ${JSON.stringify(arg)}`);
  }
  return buildGuard('authRequired', mechanisms.length > 0 ? mechanisms : ['session', 'token'], options);
}

/** Requires a valid authentication token (header, query or JSON body). */
export function authTokenRequired(): Guard {
  return buildGuard('authTokenRequired', ['token'], {});
}

/** Requires HTTP Basic credentials on every request; failures carry WWW-Authenticate. */
export function httpAuthRequired(realm?: string): Guard {
  return buildGuard('httpAuthRequired', ['basic'], realm === undefined ? {} : { realm });
}

/**
 * Never refuses: establishes the identity when one of the mechanisms (default session and token)
 * proves it, so `currentUser()` works on public pages that greet a signed-in user.
 */
export function authOptional(...mechanisms: AuthMechanism[]): Guard {
  for (const m of mechanisms)
    if (!isMechanism(m)) throw new TypeError(`authOptional: unknown mechanism ${JSON.stringify(m)}`);
  const allowed = ALL_MECHANISMS.filter((m) =>
    (mechanisms.length > 0 ? mechanisms : ['session', 'token']).includes(m),
  );
  return namedGuard(
    'authOptional',
    async (state) => {
      await authenticate(state, allowed);
      return null;
    },
    // Known now: a cached session, or surely no credentials at all.
    (state) => authenticateNow(state, allowed) !== undefined,
  );
}
