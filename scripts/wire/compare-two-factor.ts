/**
 * Walks the same two-factor requests (JSON) against the Flask-Security 5.1.2 peer and an
 * in-process Barbican, and prints a table of the answers' shapes side by side: status, Location,
 * and the `response` keys with their JSON types. docs/wire/two-factor-compare.md is its output.
 *
 *   PORT=5199 SMTP_PORT=8199 MAIL_JSONL=/tmp/peer-mail.jsonl bash /work/shared/peers/flask-security/run.sh &
 *   PEER_URL=http://127.0.0.1:5199 PEER_MAIL=/tmp/peer-mail.jsonl npx tsx scripts/wire/compare-two-factor.ts
 *
 * The peer must be fresh (its joe@example.com without two-factor), as each run sets joe up.
 */
import { readFileSync } from 'node:fs';
import { HOTP, Secret } from 'otpauth';
import type { MailToSend } from '../../src/mail/mailer.js';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import { queuedMail } from '../../test/fixtures/queued-mail.js';
import { TOTP_SECRETS } from '../../test/fixtures/two-factor.js';
import { type Shape, Walker } from './walk.js';

interface Side {
  readonly walker: Walker;
  /** The newest six-digit code mailed to `to`. */
  code(to: string): Promise<string>;
}

function totp(secret: string, offset = 0): string {
  const counter = Math.floor(Date.now() / 30_000) + offset;
  return HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, counter });
}

function firstCode(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match?.[1]) throw new Error(`no code in mail: ${text.slice(0, 200)}`);
  return match[1];
}

function peerSide(url: string, mailFile: string): Side {
  return {
    walker: new Walker((request) => fetch(request), url),
    async code(to) {
      const lines = readFileSync(mailFile, 'utf8').trim().split('\n').reverse();
      for (const line of lines) {
        const mail = JSON.parse(line) as { to?: string; rcpt_tos?: string[]; text?: string };
        if ((mail.rcpt_tos ?? [mail.to]).includes(to) && mail.text) return firstCode(mail.text);
      }
      throw new Error(`peer: no mail to ${to}`);
    },
  };
}

async function barbicanSide(): Promise<{ side: Side; close(): Promise<void> }> {
  const sent: MailToSend[] = [];
  const t = await createDemoSecurity({
    mailer: {
      async send(message) {
        sent.push(message);
      },
    },
    config: {
      twoFactor: true,
      twoFactorEnabledMethods: ['authenticator', 'email'],
      twoFactorRescueEmail: true,
      totpSecrets: TOTP_SECRETS,
      totpIssuer: 'Barbican',
    },
  });
  return {
    side: {
      walker: new Walker(t.fetch, 'http://app.test'),
      async code(to) {
        // Delivered mail is blanked in the outbox, so read what the mailer got; wait for the worker.
        for (let i = 0; i < 50; i += 1) {
          const queued = (await queuedMail(t, 5)).find((entry) => entry.to === to && entry.text !== '');
          if (queued) return firstCode(queued.text);
          const mail = sent.findLast((message) => message.to === to && /\b\d{6}\b/.test(message.text));
          if (mail && sent.length > 0) return firstCode(mail.text);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`barbican: no mail to ${to}`);
      },
    },
    close: () => t.close(),
  };
}

type Step = (side: Side, memo: Map<string, string>) => Promise<Shape>;

const login = { email: JOE.email, password: JOE.password };

const STEPS: ReadonlyArray<readonly [string, Step]> = [
  ['POST /login (no 2FA yet)', (s) => s.walker.post('/login', login)],
  ['GET /tf-setup', (s) => s.walker.send('GET', '/tf-setup')],
  ['POST /tf-setup {setup:"bogus"}', (s) => s.walker.post('/tf-setup', { setup: 'bogus' })],
  [
    'POST /tf-setup {setup:"authenticator"}',
    async (s, memo) => {
      const shape = await s.walker.post('/tf-setup', { setup: 'authenticator' });
      memo.set(
        'secret',
        String(shape.body?.tf_authr_b32key ?? shape.body?.tf_authr_key ?? '').replace(/[ -]/g, ''),
      );
      return shape;
    },
  ],
  ['GET /tf-validate (setup pending)', (s) => s.walker.send('GET', '/tf-validate')],
  ['POST /tf-validate wrong code', (s) => s.walker.post('/tf-validate', { code: '000000' })],
  [
    'POST /tf-validate right code (setup)',
    (s, memo) => s.walker.post('/tf-validate', { code: totp(memo.get('secret') ?? '') }),
  ],
  ['GET /tf-setup (authenticator set)', (s) => s.walker.send('GET', '/tf-setup')],
  ['POST /logout', (s) => s.walker.post('/logout', {})],
  ['POST /login (2FA user)', (s) => s.walker.post('/login', login)],
  ['GET /api/session-only while pending', (s) => s.walker.send('GET', '/api/session-only')],
  ['GET /tf-validate (pending)', (s) => s.walker.send('GET', '/tf-validate')],
  ['POST /tf-validate {} (pending)', (s) => s.walker.post('/tf-validate', {})],
  ['POST /tf-validate wrong (pending)', (s) => s.walker.post('/tf-validate', { code: '000000' })],
  ['GET /tf-rescue (pending)', (s) => s.walker.send('GET', '/tf-rescue')],
  ['POST /tf-rescue {help_setup:"bogus"}', (s) => s.walker.post('/tf-rescue', { help_setup: 'bogus' })],
  ['POST /tf-rescue {help_setup:"email"}', (s) => s.walker.post('/tf-rescue', { help_setup: 'email' })],
  [
    'POST /tf-validate rescue code',
    async (s) => s.walker.post('/tf-validate', { code: await s.code(JOE.email) }),
  ],
  ['GET /tf-setup (signed in)', (s) => s.walker.send('GET', '/tf-setup')],
  ['POST /tf-setup {setup:"email"}', (s) => s.walker.post('/tf-setup', { setup: 'email' })],
  [
    'POST /tf-validate mailed setup code',
    async (s) => s.walker.post('/tf-validate', { code: await s.code(JOE.email) }),
  ],
  ['POST /tf-setup {setup:"disable"}', (s) => s.walker.post('/tf-setup', { setup: 'disable' })],
  ['GET /tf-setup (disabled)', (s) => s.walker.send('GET', '/tf-setup')],
  ['POST /logout (end)', (s) => s.walker.post('/logout', {})],
  ['GET /tf-validate (no state)', (s) => s.walker.send('GET', '/tf-validate')],
  ['POST /tf-validate (no state)', (s) => s.walker.post('/tf-validate', { code: '123456' })],
];

function cell(shape: Shape): string {
  const location = shape.location === null ? '' : ` → ${shape.location.replace(/^https?:\/\/[^/]+/, '')}`;
  return `${shape.status}${location}<br>${shape.keys.join(' ') || '—'}`;
}

function diff(peer: Shape, ours: Shape): string {
  if (peer.status !== ours.status) return 'status';
  const missing = peer.keys.filter((key) => !ours.keys.includes(key));
  const extra = ours.keys.filter((key) => !peer.keys.includes(key));
  if (missing.length === 0 && extra.length === 0) return 'same';
  return [...missing.map((key) => `−${key}`), ...extra.map((key) => `+${key}`)].join(' ');
}

async function main(): Promise<void> {
  const peerUrl = process.env.PEER_URL ?? 'http://127.0.0.1:5199';
  const peer = peerSide(peerUrl, process.env.PEER_MAIL ?? '/tmp/peer-mail.jsonl');
  const ours = await barbicanSide();
  const memoPeer = new Map<string, string>();
  const memoOurs = new Map<string, string>();
  const rows: string[] = ['| step | Flask-Security 5.1.2 | Barbican | difference |', '|---|---|---|---|'];
  try {
    for (const [name, step] of STEPS) {
      const a = await step(peer, memoPeer);
      const b = await step(ours.side, memoOurs);
      rows.push(`| ${name} | ${cell(a)} | ${cell(b)} | ${diff(a, b)} |`);
    }
  } finally {
    await ours.close();
  }
  console.log(rows.join('\n'));
}

await main();
