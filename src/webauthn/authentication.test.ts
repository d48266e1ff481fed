/**
 * The authentication service other features build on (issue 11 items 4-6): every refusal of
 * finishAuthentication, driven with request states of one browser (its cookie kept) and keys
 * registered through /wan-register by the software authenticator.
 */
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../test/fixtures/each-database.js';
import type { MailApp } from '../../test/fixtures/mail-app.js';
import type { CeremonyOverrides } from '../../test/fixtures/soft-authenticator.js';
import { registerKey, SoftAuthenticator, WEBAUTHN_CONFIG } from '../../test/fixtures/webauthn.js';
import { adapterHooks } from '../adapter.js';
import type { RequestState } from '../context.js';
import type { User } from '../datastore/types.js';
import type { WebAuthnUsage } from '../datastore/webauthn-types.js';
import { MESSAGES } from '../messages.js';
import { TEST_ORIGIN } from '../testing/create-test-security.js';
import { beginAuthentication, finishAuthentication } from './authentication.js';

/** Request states of one browser: the anonymous session cookie the first one set is sent by the next. */
function browser(app: MailApp): () => RequestState {
  const hooks = adapterHooks(app.t.security);
  let cookie = '';
  let last: RequestState | undefined;
  return () => {
    const set = last?.setCookies[0];
    if (set) cookie = set.split(';')[0] ?? '';
    last = hooks.createRequestState(
      new Request(`${TEST_ORIGIN}/wan-signin`, { headers: cookie ? { cookie } : {} }),
    );
    return last;
  };
}

describeEachDatabase('webauthn authentication service', { config: WEBAUTHN_CONFIG }, ({ it, open }) => {
  async function setup(keys: Array<[string, WebAuthnUsage]>) {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const authenticator = new SoftAuthenticator();
    for (const [name, usage] of keys)
      expect((await registerKey(client, authenticator, { name, usage })).status).toBe(200);
    const joe = (await app.t.datastore.findUserByIdentity('email', JOE.email)) as User;
    return { app, authenticator, joe, next: browser(app) };
  }

  async function ceremony(
    ctx: Awaited<ReturnType<typeof setup>>,
    begin: {
      user: User | null;
      usage: WebAuthnUsage[];
      userVerification?: 'required' | 'preferred' | 'discouraged';
    },
    answer: CeremonyOverrides = {},
  ) {
    const started = await beginAuthentication(ctx.next(), begin.user, {
      purpose: 'signin',
      usage: begin.usage,
      ...(begin.userVerification ? { userVerification: begin.userVerification } : {}),
      data: { remember: true },
    });
    const options = started.credentialOptions as PublicKeyCredentialRequestOptionsJSON;
    const credential = ctx.authenticator.authenticate(options, answer);
    return {
      started,
      credential,
      finish: () =>
        finishAuthentication(ctx.next(), { wanState: started.wanState, credential }, { purpose: 'signin' }),
    };
  }

  it('signs a passkey in without an identity: the owner, UV, the caller data, a recorded count', async () => {
    const ctx = await setup([['Pass', 'first']]);
    const { started, finish } = await ceremony(ctx, { user: null, usage: ['first'] });
    expect(started.credentialOptions.allowCredentials).toBeUndefined();
    expect(started.credentialOptions.rpId).toBe('app.test');
    expect(started.credentialOptions.userVerification).toBe('preferred');
    const result = await finish();
    expect(result).toMatchObject({ ok: true, userVerified: true, data: { remember: true } });
    expect(result.ok && result.user.id).toBe(ctx.joe.id);
    const stored = await ctx.app.t.datastore.findWebAuthnCredential(ctx.authenticator.credentials[0]!.id);
    expect(stored?.signCount).toBe(1);
  });

  it('lists only the keys of the usage asked for, and refuses a secondary key used as first', async () => {
    const ctx = await setup([
      ['First', 'first'],
      ['Second', 'secondary'],
    ]);
    const { started } = await ceremony(ctx, { user: ctx.joe, usage: ['secondary'] });
    expect(started.credentialOptions.userVerification).toBe('discouraged');
    expect(started.credentialOptions.allowCredentials?.map((c) => c.id)).toEqual([
      ctx.authenticator.credentials[1]!.id,
    ]);
    const wrong = await ceremony(
      ctx,
      { user: null, usage: ['first'] },
      { credentialId: ctx.authenticator.credentials[1]!.id },
    );
    expect(await wrong.finish()).toEqual({
      ok: false,
      field: 'credential',
      message: MESSAGES.WEBAUTHN_CREDENTIAL_WRONG_USAGE,
    });
  });

  it('refuses and marks a key whose sign count goes backwards, for good', async () => {
    const ctx = await setup([['Key', 'first']]);
    expect(
      (await (await ceremony(ctx, { user: null, usage: ['first'] }, { signCount: 5 })).finish()).ok,
    ).toBe(true);
    const regressed = await ceremony(ctx, { user: null, usage: ['first'] }, { signCount: 3 });
    expect(await regressed.finish()).toMatchObject({
      ok: false,
      message: MESSAGES.WEBAUTHN_COUNTER_REGRESSED,
    });
    const stored = await ctx.app.t.datastore.findWebAuthnCredential(ctx.authenticator.credentials[0]!.id);
    expect(stored?.counterRegressedAt).not.toBeNull();
    const later = await ceremony(ctx, { user: null, usage: ['first'] }, { signCount: 50 });
    expect(await later.finish()).toMatchObject({ ok: false, message: MESSAGES.WEBAUTHN_COUNTER_REGRESSED });
  });

  it('requires user verification only when the options said so', async () => {
    const ctx = await setup([['Key', 'first']]);
    const preferred = await ceremony(ctx, { user: null, usage: ['first'] }, { userVerified: false });
    expect(await preferred.finish()).toMatchObject({ ok: true, userVerified: false });
    const required = await ceremony(
      ctx,
      { user: null, usage: ['first'], userVerification: 'required' },
      { userVerified: false },
    );
    expect(await required.finish()).toMatchObject({ ok: false, field: 'credential' });
  });

  it('refuses a wrong origin, a wrong RP ID, a mismatched user handle', async () => {
    const ctx = await setup([['Key', 'first']]);
    for (const bent of [
      { origin: 'https://evil.test' },
      { rpId: 'evil.test' },
      { type: 'webauthn.create' },
    ]) {
      const { finish } = await ceremony(ctx, { user: null, usage: ['first'] }, bent);
      expect(await finish(), JSON.stringify(bent)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^Could not verify WebAuthn credential: /),
      });
    }
    const handle = Buffer.from('f'.repeat(32)).toString('base64url');
    const { finish } = await ceremony(ctx, { user: null, usage: ['first'] }, { userHandle: handle });
    expect(await finish()).toMatchObject({ ok: false, message: MESSAGES.WEBAUTHN_MISMATCH_USER_HANDLE });
  });

  it("refuses another user's key for a state bound to a user, and an unknown key", async () => {
    const ctx = await setup([['Joe', 'first']]);
    const admin = (await ctx.app.t.datastore.findUserByIdentity('email', ADMIN.email)) as User;
    const { finish } = await ceremony(
      ctx,
      { user: admin, usage: ['first'] },
      { credentialId: ctx.authenticator.credentials[0]!.id },
    );
    expect(await finish()).toMatchObject({ ok: false, message: MESSAGES.WEBAUTHN_UNKNOWN_CREDENTIAL_ID });
    const stranger = new SoftAuthenticator();
    stranger.register({
      ...(await beginAuthentication(ctx.next(), null, { purpose: 'signin', usage: ['first'] }))
        .credentialOptions,
      rp: { id: 'app.test', name: 'x' },
      user: { id: 'eA', name: 'x', displayName: 'x' },
      pubKeyCredParams: [],
    });
    const started = await beginAuthentication(ctx.next(), null, { purpose: 'signin', usage: ['first'] });
    const credential = stranger.authenticate(started.credentialOptions);
    expect(
      await finishAuthentication(
        ctx.next(),
        { wanState: started.wanState, credential },
        { purpose: 'signin' },
      ),
    ).toMatchObject({
      ok: false,
      message: MESSAGES.WEBAUTHN_UNKNOWN_CREDENTIAL_ID,
    });
  });

  it('a state works once, in its browser, for its purpose', async () => {
    const ctx = await setup([['Key', 'first']]);
    const once = await ceremony(ctx, { user: null, usage: ['first'] });
    expect((await once.finish()).ok).toBe(true);
    expect(await once.finish()).toMatchObject({ ok: false, field: null, message: MESSAGES.API_ERROR });

    const elsewhere = await ceremony(ctx, { user: null, usage: ['first'] });
    const otherBrowser = browser(ctx.app);
    otherBrowser();
    const foreign = await finishAuthentication(
      otherBrowser(),
      { wanState: elsewhere.started.wanState, credential: elsewhere.credential },
      { purpose: 'signin' },
    );
    expect(foreign).toMatchObject({ ok: false, message: MESSAGES.API_ERROR });

    const signin = await ceremony(ctx, { user: null, usage: ['first'] });
    const asVerify = await finishAuthentication(
      ctx.next(),
      { wanState: signin.started.wanState, credential: signin.credential },
      { purpose: 'verify' },
    );
    expect(asVerify).toMatchObject({ ok: false, message: MESSAGES.API_ERROR });
  });
});
