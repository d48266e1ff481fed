import { afterEach, expect, it } from 'vitest';
import { createDemoSecurity } from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import { escapeHtml } from '../views/html.js';
import { insertFlashes } from './flash.js';

// $` copies what precedes the match, $& the match, $' what follows: each would pull the page in.
const ADDRESS = "a$`b$&c$'d@example.com";

let t: TestSecurity | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('inserts flashes with $ patterns as plain text', () => {
  const page = '<head>HEAD</head><!--barbican:flashes--><p>TAIL</p>';
  const out = insertFlashes(page, ["x$`y$&z$'w $$ $1"]);
  expect(out).toBe(
    '<head>HEAD</head><ul class="flashes"><li class="fs-flash-msg">x$`y$&amp;z$&#39;w $$ $1</li></ul><p>TAIL</p>',
  );
});

it('shows an address with $ patterns verbatim in the flash of an HTML page, once', async () => {
  const app = await createDemoSecurity({
    mailWorker: { autoStart: false },
    config: { recoverable: true, returnGenericResponses: true },
  });
  t = app;
  const client = app.client();
  const page = await client.getJson('/reset');
  const res = await client.post('/reset', {
    form: { email: ADDRESS, csrf_token: String(page.body.csrf_token) },
  });
  expect(res.status).toBe(302);
  const next = await client.get('/reset');
  expect(next.text).toContain(
    `<li class="fs-flash-msg">${escapeHtml(`Instructions to reset your password have been sent to ${ADDRESS}.`)}</li>`,
  );
  expect(next.text.split('<!doctype html>')).toHaveLength(2);
  expect(next.text.split('<title>')).toHaveLength(2);
});

it('answers an address with $ patterns verbatim in JSON messages', async () => {
  const app = await createDemoSecurity({ mailWorker: { autoStart: false }, config: { registerable: true } });
  t = app;
  const register = async () => {
    const client = app.client();
    const page = await client.getJson('/register');
    return client.post('/register', {
      json: { email: ADDRESS, password: 'a long enough password 9', csrf_token: page.body.csrf_token },
    });
  };
  expect((await register()).status).toBe(200);
  const again = await register();
  expect(again.status).toBe(400);
  expect(again.body.field_errors).toEqual({ email: [`${ADDRESS} is already associated with an account.`] });
});
