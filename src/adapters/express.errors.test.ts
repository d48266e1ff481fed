import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSecurity } from '../../test/fixtures/demo-routes.js';
import { ServiceUnavailableError } from '../errors.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import { barbican, barbicanErrorHandler } from './express.js';

let t: TestSecurity;
let server: Server;
let origin: string;
const reported: unknown[] = [];

beforeAll(async () => {
  t = await createDemoSecurity();
  const app = express();
  app.use(barbican(t.security));
  app.get('/bad', () => {
    throw Object.assign(new Error('parser says no'), { status: 400 });
  });
  app.get('/busy', () => {
    throw new ServiceUnavailableError('TEST_BUSY', 'Busy, try again shortly.', 3);
  });
  app.get('/boom', () => {
    throw new Error('a bug');
  });
  app.use(barbicanErrorHandler((error) => reported.push(error)));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

describe('barbicanErrorHandler', () => {
  it('answers Accept: application/json, text/html in HTML, as the responder does', async () => {
    const accept = 'application/json, text/html';
    const res = await fetch(`${origin}/bad`, { headers: { accept } });
    const endpoint = await fetch(`${origin}/login`, { headers: { accept } });
    expect(endpoint.headers.get('content-type')).toContain('text/html');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('vary')).toBe('Cookie');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a JSON caller with the envelope', async () => {
    const res = await fetch(`${origin}/bad`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ meta: { code: 400 }, response: { errors: ['Bad request.'] } });
  });

  it('turns a ServiceUnavailableError into 503 with Retry-After, unreported', async () => {
    const before = reported.length;
    const res = await fetch(`${origin}/busy`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      meta: { code: 503 },
      response: { errors: ['Busy, try again shortly.'] },
    });
    expect(reported.length).toBe(before);
  });

  it('reports an unknown error and answers a plain 500 page', async () => {
    const before = reported.length;
    const res = await fetch(`${origin}/boom`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('a bug');
    expect(reported.length).toBe(before + 1);
  });
});
