/**
 * Per-request state in an AsyncLocalStorage scope opened for one request and closed with it, so
 * nothing about a user ever lives in module state (the seed's warning about leaking contexts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionState } from './auth/session.js';
import type { SecurityCore } from './core.js';
import type { User } from './datastore/types.js';
import type { AuthMechanism } from './events.js';
import { type BodyFields, readBody } from './http/body.js';
import { wantsJson } from './http/negotiate.js';

/** Who the current request is, and how that was established. */
export interface Identity {
  readonly user: User;
  readonly mechanism: AuthMechanism;
  /** Primary-authentication time (fs_paa), epoch milliseconds. */
  readonly authenticatedAt: number;
}

export interface RequestState {
  readonly core: SecurityCore;
  readonly request: Request;
  readonly url: URL;
  readonly json: boolean;
  /** Set by an authentication guard or mechanism; null when anonymous. */
  identity: Identity | null;
  /** Loaded on first use by the session mechanism. */
  session: SessionState | undefined;
  /** Set-Cookie values the response must carry. */
  readonly setCookies: string[];
  /** Client address as supplied by the adapter (already proxy-aware). */
  readonly clientIp: string | null;
  /** The parsed body, read at most once (from a clone, so the app can still read the request). */
  body(): Promise<BodyFields>;
}

const storage = new AsyncLocalStorage<RequestState>();

export interface RequestStateOptions {
  readonly clientIp?: string | null;
  /**
   * For adapters whose framework may already have consumed the body (Express parsers): returns
   * the parsed fields instead of reading the Request's stream.
   */
  readonly readBody?: () => Promise<BodyFields>;
}

export function createRequestState(
  core: SecurityCore,
  request: Request,
  options: RequestStateOptions = {},
): RequestState {
  let body: Promise<BodyFields> | undefined;
  let json: boolean | undefined;
  const read =
    options.readBody ??
    (() =>
      readBody(request.bodyUsed ? request : request.clone(), core.config.maxBodyBytes, {
        timeoutMs: core.config.bodyReadTimeout * 1000,
      }));
  return {
    core,
    request,
    url: new URL(request.url),
    // Negotiated on first use: most guarded requests pass and never render anything of ours.
    get json() {
      json ??= wantsJson(request);
      return json;
    },
    identity: null,
    session: undefined,
    setCookies: [],
    clientIp: options.clientIp ?? null,
    body() {
      body ??= read();
      return body;
    },
  };
}

export function runWithState<T>(state: RequestState, fn: () => T): T {
  return storage.run(state, fn);
}

/** The state of the request being handled, or undefined outside of one. */
export function currentState(): RequestState | undefined {
  return storage.getStore();
}

/** The authenticated user of the current request, or null (anonymous or outside a request). */
export function currentUser(): User | null {
  return storage.getStore()?.identity?.user ?? null;
}

/** The current identity with its mechanism and authentication time, or null. */
export function currentIdentity(): Identity | null {
  return storage.getStore()?.identity ?? null;
}
