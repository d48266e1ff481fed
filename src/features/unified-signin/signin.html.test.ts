/** The unified sign-in form in HTML: one form, the chooser, send-code, refusals and redirects. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { US_CONFIG, userNamed, withUsCodeMethods } from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

async function csrfOf(client: TestClient): Promise<string> {
  return String((await client.getJson('/us-signin')).body.csrf_token);
}

describeEachDatabase('unified sign-in pages', { config: US_CONFIG }, ({ it, open }) => {
  it('shows one form with the passcode, remember, the method chooser and a send-code button', async () => {
    const app = await open();
    const page = await app.t.client().get('/us-signin?next=/api/public');
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '<form action="/us-signin?next=%2Fapi%2Fpublic" method="post" name="us_signin_form">',
    );
    expect(page.text).toContain('placeholder="Code or Password"');
    expect(page.text).toContain('value="email"');
    expect(page.text).toContain('value="sms"');
    expect(page.text).toContain('formaction="/us-signin/send-code?next=%2Fapi%2Fpublic"');
  });

  it('signs in by form to next, and shows a refusal on the page with the identity kept', async () => {
    const app = await open();
    const client = app.t.client();
    const csrf_token = await csrfOf(client);
    const wrong = await client.post('/us-signin', {
      form: { identity: JOE.email, passcode: 'nope', csrf_token },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('Password or code submitted is not valid');
    expect(wrong.text).toContain(`value="${JOE.email}"`);
    expect(wrong.text).not.toContain('nope');
    const ok = await client.post('/us-signin?next=/api/public', {
      form: { identity: JOE.email, passcode: JOE.password, csrf_token },
    });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe('/api/public');
    const again = await client.get('/us-signin');
    expect(again.status).toBe(302);
  });

  it('refuses an unsafe next (/\\evil.example) that 5.1.2 follows', async () => {
    const app = await open();
    const client = app.t.client();
    const csrf_token = await csrfOf(client);
    const res = await client.post('/us-signin?next=/%5Cevil.example', {
      form: { identity: JOE.email, passcode: JOE.password, csrf_token },
    });
    expect(res.status).toBe(200);
    expect(res.location).toBeNull();
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('emits usSecurityTokenSent for a sent code and userAuthenticated with the unified method', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const sent: unknown[] = [];
    const methods: string[] = [];
    app.t.security.events.on(
      'usSecurityTokenSent',
      ({ user, method, magicLink }) => void sent.push([user.email, method, magicLink]),
    );
    app.t.security.events.on('userAuthenticated', ({ method }) => void methods.push(method));
    const client = app.t.client();
    const csrf_token = await csrfOf(client);
    const page = await client.post('/us-signin/send-code', {
      form: { identity: JOE.email, chosen_method: 'email', csrf_token },
    });
    expect(page.text).toContain('Code has been sent.');
    await client.post('/us-signin', { form: { identity: JOE.email, passcode: JOE.password, csrf_token } });
    expect(sent).toEqual([[JOE.email, 'email', true]]);
    expect(methods).toEqual(['us-password']);
  });

  it('renders through replaceable views and mail (Views.usSignin, Views.usVerify, Mails.unifiedSigninCode)', async () => {
    const app = await open({
      views: {
        usSignin: (props) => `<p id="custom-signin">${props.codeMethods.join(',')}</p>`,
        usVerify: (props) => `<p id="custom-verify">${props.codeMethods.join(',')}</p>`,
      },
      mails: {
        unifiedSigninCode: ({ code, link }) => ({
          subject: 'Custom code',
          text: `Code ${code} ${link === null ? 'no link' : 'with link'}`,
          html: '<p>custom</p>',
        }),
      },
    });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    expect((await client.get('/us-signin')).text).toContain('<p id="custom-signin">email,sms</p>');
    const csrf_token = await csrfOf(client);
    await client.post('/us-signin/send-code', {
      form: { identity: JOE.email, chosen_method: 'email', csrf_token },
    });
    expect((await app.mailTo(JOE.email, 'Custom code')).text).toMatch(/^Code \d{6} with link/);
    await client.post('/us-signin', { form: { identity: JOE.email, passcode: JOE.password, csrf_token } });
    expect((await client.get('/us-verify')).text).toContain('<p id="custom-verify">email,sms</p>');
  });
});
