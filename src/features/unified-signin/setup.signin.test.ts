/** A setup code never signs in (5.1.2 accepts it at /us-signin: wire notes, unsafe item 3). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { codeIn, totpCode } from '../../../test/fixtures/two-factor.js';
import { US_CONFIG, usPost } from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

describeEachDatabase('unified sign-in setup codes at /us-signin', { config: US_CONFIG }, ({ it, open }) => {
  it('the authenticator code that completed a setup does not sign in another browser', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    await loginJson(client, JOE);
    const chosen = await post(client, '/us-setup', { chosen_method: 'authenticator' });
    const secret = String(chosen.body.authr_b32key);
    const code = totpCode(secret, clock.nowMs());
    expect((await post(client, `/us-setup/${String(chosen.body.state)}`, { passcode: code })).status).toBe(
      200,
    );
    const other = app.t.client();
    const replayed = await usPost(other, '/us-signin', { identity: JOE.email, passcode: code });
    expect(replayed.status).toBe(400);
    clock.advanceSeconds(30);
    const next = await usPost(other, '/us-signin', {
      identity: JOE.email,
      passcode: totpCode(secret, clock.nowMs()),
    });
    expect(next.status).toBe(200);
  });

  it('a mailed setup code does not sign in, and still completes its setup', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const chosen = await post(client, '/us-setup', { chosen_method: 'email' });
    const code = codeIn(await app.mailTo(JOE.email, 'Verification Code'));
    // Email is not set up yet, and a setup code is not a sign-in code once it is.
    const other = app.t.client();
    expect((await usPost(other, '/us-signin', { identity: JOE.email, passcode: code })).status).toBe(400);
    expect((await post(client, `/us-setup/${String(chosen.body.state)}`, { passcode: code })).status).toBe(
      200,
    );
    expect((await usPost(other, '/us-signin', { identity: JOE.email, passcode: code })).status).toBe(400);
  });
});
