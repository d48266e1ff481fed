/**
 * /wan-register/<wan_state> refusals (issue 11 items 3 and 9): a state works once, for its user
 * and its browser, until it expires; the origin and RP ID are externalUrl's, never the Host's;
 * bad input is a 400, never a 500.
 */
import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import {
  postJson,
  SoftAuthenticator,
  startRegistration,
  WEBAUTHN_CONFIG,
} from '../../../test/fixtures/webauthn.js';
import type { TestClient } from '../../testing/test-client.js';

const API_ERROR = ['Input not appropriate for requested API'];

async function keyCount(client: TestClient): Promise<number> {
  return ((await client.getJson('/wan-register')).body.registered_credentials as unknown[]).length;
}

describeEachDatabase('webauthn registration refusals', { config: WEBAUTHN_CONFIG }, ({ it, open }) => {
  async function joe(overrides: Parameters<typeof open>[0] = {}) {
    const app = await open(overrides);
    const client = app.t.client();
    await loginJson(client, JOE);
    return { app, client };
  }

  it('a state works once: the replay answers 400, not 404', async () => {
    const { client } = await joe();
    const { options, state } = await startRegistration(client, { name: 'Once' });
    const credential = new SoftAuthenticator().register(options);
    expect((await postJson(client, `/wan-register/${state}`, { credential })).status).toBe(200);
    const replay = await postJson(client, `/wan-register/${state}`, { credential });
    expect(replay.status).toBe(400);
    expect(replay.json).toMatchObject({ response: { errors: API_ERROR } });
    const unknown = await postJson(client, `/wan-register/${'x'.repeat(43)}`, { credential });
    expect(unknown.status).toBe(400);
    expect(await keyCount(client)).toBe(1);
  });

  it("another user's state is refused, and burnt", async () => {
    const { app, client } = await joe();
    const { options, state } = await startRegistration(client, { name: 'Mine' });
    const admin = app.t.client();
    await loginJson(admin, ADMIN);
    const credential = new SoftAuthenticator().register(options);
    const stolen = await postJson(admin, `/wan-register/${state}`, { credential });
    expect(stolen.status).toBe(400);
    expect(stolen.json).toMatchObject({ response: { errors: API_ERROR } });
    expect(await keyCount(admin)).toBe(0);
    // Presented once, it is gone for its owner too.
    expect((await postJson(client, `/wan-register/${state}`, { credential })).status).toBe(400);
  });

  it("the same user's state from another browser (session) is refused", async () => {
    const { app, client } = await joe();
    const { options, state } = await startRegistration(client, { name: 'Here' });
    const other = app.t.client();
    await loginJson(other, JOE);
    const credential = new SoftAuthenticator().register(options);
    expect((await postJson(other, `/wan-register/${state}`, { credential })).status).toBe(400);
    expect(await keyCount(client)).toBe(0);
  });

  it("an expired state answers 400 with upstream's message", async () => {
    const clock = createFakeClock();
    const { client } = await joe({ clock, config: { wanRegisterWithin: 60, freshness: 3600 } });
    const { options, state } = await startRegistration(client, { name: 'Late' });
    clock.advanceSeconds(61);
    const late = await postJson(client, `/wan-register/${state}`, {
      credential: new SoftAuthenticator().register(options),
    });
    expect(late.status).toBe(400);
    expect(late.json).toMatchObject({
      response: { errors: ['WebAuthn operation must be completed within 1 minute. Please start over.'] },
    });
  });

  it('refuses a wrong origin, a wrong RP ID, a wrong type and a wrong challenge', async () => {
    const { client } = await joe();
    const cases = [
      { origin: 'https://evil.test' },
      { origin: 'http://app.test:8080' },
      { rpId: 'evil.test' },
      { type: 'webauthn.get' },
      { challenge: Buffer.alloc(32, 1).toString('base64url') },
      { userPresent: false },
    ];
    for (const [i, bent] of cases.entries()) {
      const { options, state } = await startRegistration(client, { name: `k${i}` });
      const answer = await postJson(client, `/wan-register/${state}`, {
        credential: new SoftAuthenticator().register(options, bent),
      });
      expect(answer.status, JSON.stringify(bent)).toBe(400);
      expect(answer.body.field_errors, JSON.stringify(bent)).toEqual({
        credential: [expect.stringMatching(/^Could not verify WebAuthn credential: /)],
      });
    }
    expect(await keyCount(client)).toBe(0);
  });

  it('takes the RP ID and origin from externalUrl, whatever the Host header says', async () => {
    const { app } = await joe();
    const client = app.t.client();
    await loginJson(client, JOE);
    const token = (await client.getJson('/login')).body.csrf_token;
    const started = await client.post('http://evil.test/wan-register', {
      json: { name: 'Host', csrf_token: token },
      headers: { accept: 'application/json', origin: 'http://app.test' },
    });
    expect(started.status).toBe(200);
    expect(started.body.credential_options).toMatchObject({ rp: { id: 'app.test' } });
  });

  it('answers 400 to malformed credentials and wrong types, never 500', async () => {
    const { client } = await joe();
    const bodies: Array<Record<string, unknown>> = [
      { credential: 'not json' },
      { credential: '[]' },
      { credential: '{}' },
      { credential: JSON.stringify({ id: 'a', rawId: 'a', type: 'public-key', response: {} }) },
      {
        credential: JSON.stringify({
          id: 'a',
          rawId: 'b',
          type: 'public-key',
          response: { clientDataJSON: 'x', attestationObject: 'y' },
        }),
      },
      {
        credential: JSON.stringify({
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          response: { clientDataJSON: 'eA', attestationObject: 'eA' },
        }),
      },
      {
        credential: JSON.stringify({
          id: '!!',
          rawId: '!!',
          type: 'public-key',
          response: { clientDataJSON: 'eA', attestationObject: 'eA' },
        }),
      },
      { credential: 'x'.repeat(100_000) },
      { credential: { id: 'a' } },
      { credential: 42 },
      { credential: '' },
      {},
    ];
    for (const body of bodies) {
      const { state } = await startRegistration(client, { name: `n${bodies.indexOf(body)}` });
      const answer = await postJson(client, `/wan-register/${state}`, body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect(await keyCount(client)).toBe(0);
  });

  it('answers 400 to bad names and usages at the start', async () => {
    const { client } = await joe({ config: { wanNameMaxLength: 10, wanNameAllowedChars: '\\w .-' } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{}, 'name'],
      [{ name: 'x'.repeat(11) }, 'name'],
      [{ name: 'x'.repeat(10_000) }, 'name'],
      [{ name: 'bad<name>' }, 'name'],
      [{ name: 'ok', usage: 'third' }, 'usage'],
    ];
    for (const [body, field] of cases) {
      const answer = await postJson(client, '/wan-register', body);
      expect(answer.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(answer.body.field_errors, JSON.stringify(body).slice(0, 60)).toHaveProperty(field);
    }
    for (const body of [{ name: 42 }, { name: ['a'] }, { name: 'ok', usage: { first: true } }]) {
      expect((await postJson(client, '/wan-register', body)).status).toBe(400);
    }
    expect((await postJson(client, '/wan-register', { name: 'x'.repeat(10) })).status).toBe(200);
  });
});
