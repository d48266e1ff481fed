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
  /** The Web Request; an adapter may build it on first use (Express converts only when asked). */
  readonly request: Request;
  /** The request URL, parsed on first use. */
  readonly url: URL;
  /** The path alone, as cheap as the adapter can give it (routing needs nothing more). */
  readonly pathname: string;
  /** The request method, without building the Web Request. */
  readonly method: string;
  /**
   * One request header (lower-case name) as `Headers.get` would answer it, read from the
   * framework's own request where the adapter can: a guard that needs only the cookie or a token
   * header then never makes the Express adapter build a Web Request.
   */
  header(name: string): string | null;
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
  /**
   * A value the app's own middleware put in the framework's request context (Hono `c.get(key)`,
   * Express `res.locals[key]`), e.g. the CSP nonce scriptNonceKey names; undefined without one.
   */
  appValue(key: string): unknown;
}

const storage = new AsyncLocalStorage<RequestState>();

/**
 * What an adapter tells the request state. Functions are called as methods of this object, so an
 * adapter may pass one object per request whose methods live on a class prototype (no closures).
 */
export interface RequestStateOptions {
  /** The client address, or a function that works it out when something first asks. */
  readonly clientIp?: string | null | (() => string | null);
  /** The request path when the adapter already has it (saves parsing the URL for routing). */
  readonly pathname?: string;
  /** The method, when the adapter has it without building the Request. */
  readonly method?: string;
  /** Reads one header (lower-case name) from the framework's request, as `Headers.get` would. */
  readonly header?: (name: string) => string | null;
  /** Parses the request URL without building the Request (it must be the URL the Request would have). */
  readonly url?: () => URL;
  /**
   * For adapters whose framework may already have consumed the body (Express parsers): returns
   * the parsed fields instead of reading the Request's stream (undefined: read the stream).
   */
  readonly readBody?: () => Promise<BodyFields> | undefined;
  /** Reads the framework's per-request values (RequestState.appValue). */
  readonly appValue?: (key: string) => unknown;
}

/**
 * Every field that costs anything is computed on first use: a request to an unguarded route
 * that never asks who the caller is pays for no URL parse, cookie, negotiation or session lookup.
 * A class, so the lazy accessors live once on the prototype rather than on every request's object.
 */
class LazyRequestState implements RequestState {
  readonly core: SecurityCore;
  identity: Identity | null = null;
  session: SessionState | undefined = undefined;
  readonly setCookies: string[] = [];
  #request: Request | (() => Request);
  #options: RequestStateOptions;
  #url: URL | undefined;
  #json: boolean | undefined;
  #clientIp: string | null | undefined;
  #body: Promise<BodyFields> | undefined;

  constructor(core: SecurityCore, request: Request | (() => Request), options: RequestStateOptions) {
    this.core = core;
    this.#request = request;
    this.#options = options;
  }

  get request(): Request {
    if (typeof this.#request === 'function') this.#request = this.#request();
    return this.#request;
  }

  get url(): URL {
    this.#url ??= this.#options.url ? this.#options.url() : new URL(this.request.url);
    return this.#url;
  }

  get pathname(): string {
    return this.#options.pathname ?? this.url.pathname;
  }

  get method(): string {
    return this.#options.method ?? this.request.method;
  }

  header(name: string): string | null {
    const options = this.#options;
    return options.header ? options.header(name) : this.request.headers.get(name);
  }

  // Negotiated on first use: most guarded requests pass and never render anything of ours.
  get json(): boolean {
    this.#json ??= wantsJson(this.request);
    return this.#json;
  }

  get clientIp(): string | null {
    if (this.#clientIp === undefined) {
      const options = this.#options;
      this.#clientIp =
        (typeof options.clientIp === 'function' ? options.clientIp() : options.clientIp) ?? null;
    }
    return this.#clientIp;
  }

  appValue(key: string): unknown {
    return this.#options.appValue?.(key);
  }

  body(): Promise<BodyFields> {
    this.#body ??= this.#readBody();
    return this.#body;
  }

  #readBody(): Promise<BodyFields> {
    const fromFramework = this.#options.readBody?.();
    if (fromFramework) return fromFramework;
    const request = this.request;
    return readBody(request.bodyUsed ? request : request.clone(), this.core.config.maxBodyBytes, {
      timeoutMs: this.core.config.bodyReadTimeout * 1000,
    });
  }
}

/** `request` may be a function: it is called (once) only when something needs the Request. */
export function createRequestState(
  core: SecurityCore,
  request: Request | (() => Request),
  options: RequestStateOptions = {},
): RequestState {
  return new LazyRequestState(core, request, options);
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
