/**
 * The one place that turns a feature's result into JSON (Flask-Security's `{meta, response}`
 * envelope) or HTML (a page or a redirect). Handlers never branch on the negotiated format.
 */
import type { RequestState } from '../context.js';
import { BadRequestError, RequestAbortedError, ServiceUnavailableError } from '../errors.js';
import { RateLimitedError } from '../ratelimit/rate-limited-error.js';
import type { Views } from '../views/views.js';
import { insertFlashes, setFlash, takeFlash } from './flash.js';

/** An error bound to a form field; field '' is a form-level error (upstream's "" key). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface FeatureResult {
  /** HTTP status of the JSON answer (and of HTML unless htmlStatus says otherwise). */
  readonly status: number;
  readonly response?: Readonly<Record<string, unknown>>;
  readonly fieldErrors?: readonly FieldError[];
  readonly errors?: readonly string[];
  /** HTML: answer with a 302 to this (already validated) location. */
  readonly redirect?: string;
  /** HTML: messages shown once on the page the redirect leads to (Flask's flash). */
  readonly flash?: readonly string[];
  /** HTML: the page to render. */
  readonly html?: () => string;
  readonly htmlStatus?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A 429: HTML shows the rateLimited page with this wait. */
  readonly retryAfterSeconds?: number;
}

/** What rendering needs from a request: its negotiated format, its views and pending cookies. */
export interface RenderTarget {
  readonly json: boolean;
  readonly views: Pick<Views, 'message' | 'rateLimited'>;
  readonly setCookies: readonly string[];
}

function baseHeaders(
  cookies: readonly string[],
  extra: Readonly<Record<string, string>> | undefined,
): Headers {
  const headers = new Headers(extra);
  // Auth answers carry per-user state: never let a shared cache keep them.
  headers.set('Cache-Control', 'no-store');
  headers.set('Vary', 'Cookie');
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return headers;
}

export function jsonEnvelope(status: number, response: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ meta: { code: status }, response });
}

export function renderJsonResult(state: Pick<RenderTarget, 'setCookies'>, result: FeatureResult): Response {
  const response: Record<string, unknown> = { ...result.response };
  const messages = [...(result.errors ?? [])];
  if (result.fieldErrors && result.fieldErrors.length > 0) {
    const byField: Record<string, string[]> = {};
    for (const { field, message } of result.fieldErrors) {
      const list = byField[field] ?? [];
      list.push(message);
      byField[field] = list;
      messages.push(message);
    }
    response.field_errors = byField;
  }
  if (messages.length > 0) response.errors = messages;
  const headers = baseHeaders(state.setCookies, result.headers);
  headers.set('Content-Type', 'application/json');
  return new Response(jsonEnvelope(result.status, response), { status: result.status, headers });
}

export function renderHtmlResult(state: RequestState, result: FeatureResult): Response {
  if (result.redirect !== undefined && result.flash) setFlash(state, result.flash);
  const flashes = result.redirect === undefined ? takeFlash(state) : [];
  return htmlResponse(
    { json: false, views: state.core.views, setCookies: state.setCookies },
    result,
    flashes,
  );
}

function htmlResponse(target: RenderTarget, result: FeatureResult, flashes: readonly string[]): Response {
  const headers = baseHeaders(target.setCookies, result.headers);
  if (result.redirect !== undefined) {
    headers.set('Location', result.redirect);
    return new Response(null, { status: 302, headers });
  }
  headers.set('Content-Type', 'text/html; charset=utf-8');
  const messages = [...(result.errors ?? []), ...(result.fieldErrors ?? []).map((e) => e.message)];
  const page = result.html
    ? result.html()
    : result.retryAfterSeconds !== undefined
      ? target.views.rateLimited({ messages, retryAfterSeconds: result.retryAfterSeconds })
      : target.views.message({ status: result.status, title: titleFor(result.status), messages });
  const body = insertFlashes(page, flashes);
  return new Response(body, { status: result.htmlStatus ?? result.status, headers });
}

export function respond(state: RequestState, result: FeatureResult): Response {
  return state.json ? renderJsonResult(state, result) : renderHtmlResult(state, result);
}

/**
 * As respond, for code that holds no request state (replaceable handlers, framework error
 * handlers): the same envelope, page and headers, without flashes.
 *
 * @example respondTo({ json, views, setCookies: [] }, { status: 403, errors: [MESSAGES.UNAUTHORIZED] })
 */
export function respondTo(target: RenderTarget, result: FeatureResult): Response {
  return target.json ? renderJsonResult(target, result) : htmlResponse(target, result, []);
}

function titleFor(status: number): string {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'Not Found';
  if (status === 405) return 'Method Not Allowed';
  if (status === 408) return 'Request Timeout';
  if (status === 413) return 'Payload Too Large';
  if (status === 429) return 'Too Many Requests';
  if (status === 503) return 'Service Unavailable';
  if (status >= 400 && status < 500) return 'Bad Request';
  return 'Barbican';
}

/**
 * The answer to an error Barbican throws on purpose (bad input, a stalled body, a full hashing
 * queue), or null for anything else (a bug: the caller reports it and answers 500).
 */
export function errorResult(error: unknown): FeatureResult | null {
  if (error instanceof BadRequestError) {
    // After 408/413 the rest of the body may still be in flight: the connection cannot be reused.
    const close = error.status === 408 || error.status === 413;
    return {
      status: error.status,
      errors: [error.message],
      ...(close ? { headers: { Connection: 'close' } } : {}),
    };
  }
  if (error instanceof RateLimitedError) {
    // The same answer whatever the refused request carried: nothing about its secret.
    return {
      status: 429,
      errors: [error.message],
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof ServiceUnavailableError) {
    return {
      status: 503,
      errors: [error.message],
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }
  // Nobody is listening; any well-formed answer will do, and it is not an internal error.
  if (error instanceof RequestAbortedError) return { status: 503, errors: [error.message] };
  return null;
}
