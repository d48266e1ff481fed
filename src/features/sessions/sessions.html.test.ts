/** The sessions page for browsers, on every session store: the table, End, End all others, refusals. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { decodeEntities, hiddenValue } from '../../../test/fixtures/html-page.js';
import { describeEachSessionStore, type SessionApp } from '../../../test/fixtures/session-stores.js';
import type { TestClient } from '../../testing/test-client.js';

async function signIn(app: SessionApp, userAgent: string): Promise<TestClient> {
  const client = app.t.client();
  const page = await client.get('/login');
  const res = await client.post('/login', {
    form: { email: JOE.email, password: JOE.password, csrf_token: hiddenValue(page.text, 'csrf_token') },
    headers: { 'user-agent': userAgent },
  });
  expect(res.status).toBe(302);
  return client;
}

/** The ids of the page's End forms (the current session has none). */
function endIds(html: string): string[] {
  return [...html.matchAll(/name="id" value="([^"]+)"/g)].map((m) => decodeEntities(m[1] ?? ''));
}

async function signedIn(client: TestClient): Promise<boolean> {
  return (await client.getJson('/api/session-only')).status === 200;
}

describeEachSessionStore('/sessions page', ({ it, open }) => {
  it('shows each session with its browser, and ends another one from its End button', async () => {
    const app = await open();
    const laptop = await signIn(app, 'Laptop <1>');
    const phone = await signIn(app, 'Phone/2');
    const page = await laptop.get('/sessions');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Laptop &lt;1&gt;');
    expect(page.text).toContain('Phone/2');
    expect(page.text).toContain('This browser');
    const ids = endIds(page.text);
    expect(ids).toHaveLength(1);
    const res = await laptop.post('/sessions/revoke', {
      form: { id: ids[0] ?? '', csrf_token: hiddenValue(page.text, 'csrf_token') },
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/sessions');
    expect((await laptop.get('/sessions')).text).toContain('The session has ended.');
    expect([await signedIn(laptop), await signedIn(phone)]).toEqual([true, false]);
  });

  it('ends all other sessions from one button', async () => {
    const app = await open();
    const laptop = await signIn(app, 'Laptop/1');
    const others = [await signIn(app, 'Phone/2'), await signIn(app, 'Tablet/3')];
    const page = await laptop.get('/sessions');
    const res = await laptop.post('/sessions/revoke', {
      form: { all_others: 'true', csrf_token: hiddenValue(page.text, 'csrf_token') },
    });
    expect(res.location).toBe('/sessions');
    expect([await signedIn(laptop), ...(await Promise.all(others.map(signedIn)))]).toEqual([
      true,
      false,
      false,
    ]);
    expect(endIds((await laptop.get('/sessions')).text)).toEqual([]);
  });

  it('sends an anonymous visitor to login and a stale sign-in to verify', async () => {
    const app = await open();
    expect((await app.t.client().get('/sessions')).location).toBe('/login?next=%2Fsessions');
    const laptop = await signIn(app, 'Laptop/1');
    await signIn(app, 'Phone/2');
    const page = await laptop.get('/sessions');
    app.clock.advanceSeconds(3601);
    const res = await laptop.post('/sessions/revoke', {
      form: { id: endIds(page.text)[0] ?? '', csrf_token: hiddenValue(page.text, 'csrf_token') },
    });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/verify\?next=/);
  });

  it('shows the page again with an error for a post without its CSRF token', async () => {
    const app = await open();
    const laptop = await signIn(app, 'Laptop/1');
    const phone = await signIn(app, 'Phone/2');
    const page = await laptop.get('/sessions');
    const res = await laptop.post('/sessions/revoke', { form: { id: endIds(page.text)[0] ?? '' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('fs-error-msg');
    expect(await signedIn(phone)).toBe(true);
  });
});
