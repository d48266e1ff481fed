import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../test/fixtures/two-factor.js';
import { defaultMails } from '../features/default-mails.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import type { MailToSend } from './mailer.js';
import { type Mails, resolveMails } from './mails.js';

let t: TestSecurity | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function securityMailingTo(sent: MailToSend[], mails: Partial<Mails>): Promise<TestSecurity> {
  t = await createDemoSecurity({
    mailer: {
      async send(message) {
        sent.push(message);
      },
    },
    mailWorker: { autoStart: false },
    config: { recoverable: true, sendPasswordResetNoticeEmail: true },
    mails,
  });
  return t;
}

describe('replaceable mails', () => {
  it('sends the app’s mail, built from typed props, in place of Barbican’s', async () => {
    const sent: MailToSend[] = [];
    const t = await securityMailingTo(sent, {
      resetInstructions: ({ email, url, within }) => ({
        subject: `Acme: reset for ${email}`,
        text: `Open ${url} within ${within}.`,
        html: `<a href="${url}">Acme reset</a>`,
      }),
    });
    const client = t.client();
    const page = await client.getJson('/reset');

    await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } });
    await t.security.mail.runOnce();

    expect(sent).toHaveLength(1);
    const mail = sent[0]!;
    expect(mail.to).toBe(JOE.email);
    expect(mail.subject).toBe(`Acme: reset for ${JOE.email}`);
    const url = /^Open (\S+) within (.+)\.$/.exec(mail.text);
    expect(url?.[2]).toBe('1 day');
    expect(mail.html).toBe(`<a href="${url?.[1]}">Acme reset</a>`);
    // The url handed to the app's mail is the live link.
    const link = new URL(url?.[1] ?? '');
    expect((await client.get(`${link.pathname}${link.search}`)).status).toBe(200);
  });

  it('keeps Barbican’s mail for every kind the app did not replace', async () => {
    const sent: MailToSend[] = [];
    const t = await securityMailingTo(sent, { welcome: () => ({ subject: 'unused', text: '', html: '' }) });
    const client = t.client();
    const page = await client.getJson('/reset');

    await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } });
    await t.security.mail.runOnce();

    expect(sent.map((mail) => mail.subject)).toEqual(['Password reset instructions']);
  });

  it('refuses at start-up a replacement that is not a function, or a mail Barbican does not send', () => {
    const notAFunction = { resetNotice: 'Your password was reset' } as unknown as Partial<Mails>;
    const unknownKind = { resetInstruction: () => ({ subject: '', text: '', html: '' }) } as Partial<Mails>;

    expect(() => resolveMails(defaultMails, notAFunction)).toThrow('mails.resetNotice must be a function');
    expect(() => resolveMails(defaultMails, unknownKind)).toThrow(
      'mails.resetInstruction is not a mail Barbican sends',
    );
  });
});

describe('replaceable recovery-code notice', () => {
  it('mails the app’s recoveryCodeUsed in place of Barbican’s when a recovery code signs in', async () => {
    const sent: MailToSend[] = [];
    t = await createDemoSecurity({
      mailer: {
        async send(message) {
          sent.push(message);
        },
      },
      mailWorker: { autoStart: false },
      config: { ...TWO_FACTOR_CONFIG, multiFactorRecoveryCodes: true },
      mails: {
        recoveryCodeUsed: ({ user, left }) => ({
          subject: `Acme: recovery code used by ${user.email}`,
          text: `${left} left`,
          html: `<p>${left} left</p>`,
        }),
      },
    });
    const joe = await t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(t, joe!);
    const client = t.client();
    await loginJson(client, JOE);
    const csrf = async () => (await client.getJson('/login')).body.csrf_token;
    const validated = await client.post('/tf-validate', {
      json: { code: totpCode(secret, Date.now()), csrf_token: await csrf() },
    });
    expect(validated.status).toBe(200);
    const generated = await client.post('/mf-recovery-codes', { json: { csrf_token: await csrf() } });
    const codes = generated.body.recovery_codes as string[];
    expect(codes).toHaveLength(5);

    const pending = t.client();
    await loginJson(pending, JOE);
    const token = (await pending.getJson('/login')).body.csrf_token;
    const used = await pending.post('/mf-recovery', { json: { code: codes[0], csrf_token: token } });
    expect(used.status).toBe(200);
    await t.security.mail.runOnce();

    const notice = sent.filter((mail) => mail.subject.startsWith('Acme: recovery code used'));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ to: JOE.email, text: '4 left', html: '<p>4 left</p>' });
    expect(sent.map((mail) => mail.subject)).not.toContain('A recovery code was used');
  });
});
