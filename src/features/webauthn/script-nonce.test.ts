/**
 * scriptNonceKey (upstream's SECURITY_SCRIPT_NONCE_KEY): the WebAuthn pages put the app's CSP
 * nonce on their script tags, read from the framework's request context, so a strict CSP with
 * a nonce lets them run. Hono: hono/secure-headers' nonce; Express: a value in res.locals.
 */
import type { Server } from 'node:http';
import express from 'express';
import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity } from '../../../test/fixtures/demo-routes.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import { freePort } from '../../../test/services/free-port.js';
import { barbican as expressBarbican } from '../../adapters/express.js';
import { barbican as honoBarbican } from '../../adapters/hono.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import { TestClient } from '../../testing/test-client.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function security(config: Record<string, unknown>, externalUrl?: string): Promise<TestSecurity> {
  const t = await createDemoSecurity({
    config: { webauthn: true, ...config, ...(externalUrl ? { externalUrl } : {}) },
  });
  closers.push(() => t.close());
  return t;
}

/** The ceremony page of an anonymous sign-in, as a browser gets it. */
async function ceremonyPage(client: TestClient): Promise<{ text: string; csp: string | null }> {
  const form = await client.get('/wan-signin');
  const page = await client.post('/wan-signin', {
    form: { csrf_token: hiddenValue(form.text, 'csrf_token') },
  });
  expect(page.status).toBe(200);
  return { text: page.text, csp: page.headers.get('content-security-policy') };
}

function nonces(html: string): string[] {
  return [...html.matchAll(/<script src="[^"]+" nonce="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('scriptNonceKey', () => {
  it("Hono: the scripts carry secure-headers' nonce, the one in the response's CSP", async () => {
    const t = await security({ scriptNonceKey: 'secureHeadersNonce' });
    const app = new Hono();
    app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } }));
    app.use(honoBarbican(t.security));
    const { text, csp } = await ceremonyPage(
      new TestClient((request) => Promise.resolve(app.fetch(request))),
    );
    const found = nonces(text);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(found[1]);
    expect(csp).toContain(`'nonce-${found[0]}'`);
  });

  it('Hono without scriptNonceKey: no nonce attribute', async () => {
    const t = await security({});
    const app = new Hono();
    app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } }));
    app.use(honoBarbican(t.security));
    const { text } = await ceremonyPage(new TestClient((request) => Promise.resolve(app.fetch(request))));
    expect(text).toContain('<script src="');
    expect(text).not.toContain('nonce=');
  });

  it('Express: the nonce comes from res.locals; a value that is not a nonce is left out', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const t = await security({ scriptNonceKey: 'cspNonce' }, url);
    let next = 'r4nd0mN0nceValue0123456789==';
    const app = express();
    app.use((_req, res, done) => {
      res.locals.cspNonce = next;
      done();
    });
    app.use(expressBarbican(t.security));
    const server: Server = app.listen(port, '127.0.0.1');
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await new Promise<void>((resolve) =>
      server.listening ? resolve() : server.once('listening', () => resolve()),
    );
    const client = new TestClient((request) => fetch(request, { redirect: 'manual' }), url);
    expect(nonces((await ceremonyPage(client)).text)).toEqual([next, next]);
    next = '"><script>alert(1)</script>';
    const hostile = (await ceremonyPage(client)).text;
    expect(hostile).not.toContain('nonce=');
    expect(hostile).not.toContain('alert(1)');
  });
});
