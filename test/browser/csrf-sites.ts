/**
 * The two sites of a browser CSRF test: a "bank" (Barbican on Hono at http://127.0.0.1:<p1>, with
 * a state-changing POST /api/transfer that counts the transfers it performed) and an attacker
 * (plain pages at http://localhost:<p2>). 127.0.0.1 and localhost are different sites, so Chromium
 * marks requests from one to the other `Sec-Fetch-Site: cross-site` and applies SameSite rules.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { authRequired, barbican, currentUser } from '../../src/adapters/hono.js';
import type { TestSecurity } from '../../src/testing/create-test-security.js';
import { createDemoSecurity } from '../fixtures/demo-routes.js';
import { freePort } from '../services/free-port.js';
import { type ServedFetch, serveFetch } from '../services/http-server.js';

/** What the bank's server saw of one request (recorded before Barbican runs, status after). */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly secFetchSite: string | null;
  readonly origin: string | null;
  readonly contentType: string | null;
  /** Whether the request carried the session cookie at all (the browser may withhold it). */
  readonly sessionCookie: boolean;
  status: number;
  /** Whether the answer set (or deleted) the session cookie. */
  setsSessionCookie: boolean;
}

export interface BankApp {
  /** `http://127.0.0.1:<port>`, also the Security's externalUrl. */
  readonly url: string;
  readonly t: TestSecurity;
  /** The users on whose behalf POST /api/transfer actually ran, in order. */
  readonly transfers: string[];
  readonly seen: SeenRequest[];
  /** Sign-ins and sign-outs as Barbican's events report them: `userAuthenticated <email>`, … */
  readonly events: string[];
  /** Errors that escaped to the framework (answered 500). */
  readonly errors: unknown[];
  /** The requests seen for one method and path. */
  seenAt(method: string, path: string): SeenRequest[];
  /** Forgets the transfers and requests seen so far. */
  reset(): void;
  close(): Promise<void>;
}

/** The bank's own page: same-origin scripts run here (tests drive it with page.evaluate). */
const SPA_PAGE = '<!doctype html><html><head><title>bank</title></head><body><h1>bank</h1></body></html>';

function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return (cookieHeader ?? '').split(';').some((part) => part.trim().startsWith('session='));
}

/** Starts the bank with the given Barbican config (externalUrl is set to its own origin). */
export async function startBank(config: Record<string, unknown> = {}): Promise<BankApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await createDemoSecurity({ config: { externalUrl: url, ...config } });
  const transfers: string[] = [];
  const seen: SeenRequest[] = [];
  const events: string[] = [];
  const errors: unknown[] = [];
  t.security.events.on('userAuthenticated', ({ user }) => {
    events.push(`userAuthenticated ${user.email}`);
  });
  t.security.events.on('userLoggedOut', ({ user }) => {
    events.push(`userLoggedOut ${user.email}`);
  });

  const app = new Hono();
  app.use(async (c, next) => {
    const entry: SeenRequest = {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      secFetchSite: c.req.header('sec-fetch-site') ?? null,
      origin: c.req.header('origin') ?? null,
      contentType: c.req.header('content-type') ?? null,
      sessionCookie: hasSessionCookie(c.req.header('cookie')),
      status: 0,
      setsSessionCookie: false,
    };
    seen.push(entry);
    await next();
    entry.status = c.res.status;
    entry.setsSessionCookie = c.res.headers.getSetCookie().some((cookie) => cookie.startsWith('session='));
  });
  app.use(barbican(t.security));
  app.onError((error, c) => {
    errors.push(error);
    return c.text('Internal Server Error', 500);
  });
  app.get('/', (c) => c.html(SPA_PAGE));
  app.get('/spa', (c) => c.html(SPA_PAGE));
  app.get('/api/me', authRequired('session'), (c) => c.json({ user: currentUser()?.email ?? null }));
  app.post('/api/transfer', authRequired('session', 'token'), (c) => {
    const user = currentUser()?.email ?? 'nobody';
    transfers.push(user);
    return c.json({ ok: true, user, transfers: transfers.length });
  });

  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) =>
    server.listening ? resolve() : server.once('listening', () => resolve()),
  );
  return {
    url,
    t,
    transfers,
    seen,
    events,
    errors,
    seenAt: (method, path) => seen.filter((s) => s.method === method && s.path === path),
    reset() {
      transfers.length = 0;
      seen.length = 0;
      events.length = 0;
      errors.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

export interface AttackerSite {
  /** `http://localhost:<port>`: a different site from the bank's 127.0.0.1. */
  readonly url: string;
  /** Serves `html` at `path` from now on. */
  page(path: string, html: string): void;
  close(): Promise<void>;
}

export async function startAttacker(): Promise<AttackerSite> {
  const pages = new Map<string, string>();
  const served: ServedFetch = await serveFetch(async (request) => {
    const html = pages.get(new URL(request.url).pathname);
    return html === undefined
      ? new Response('Not Found', { status: 404 })
      : new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  return {
    url: served.url.replace('127.0.0.1', 'localhost'),
    page: (path, html) => {
      pages.set(path, html);
    },
    close: () => served.close(),
  };
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** A page that posts a hidden form to `action` as soon as it loads — the classic CSRF. */
export function autoSubmitForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`,
    )
    .join('');
  return `<!doctype html><html><body><form method="post" action="${escapeAttribute(action)}">${inputs}</form><script>document.forms[0].submit();</script></body></html>`;
}

/** An ordinary page of the attacker's site, for scripts run with page.evaluate. */
export const ATTACKER_PAGE =
  '<!doctype html><html><head><title>cute cats</title></head><body>cats</body></html>';
