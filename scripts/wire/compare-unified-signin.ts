/**
 * Walks the same unified sign-in requests (JSON) against the Flask-Security 5.1.2 peer and an
 * in-process Barbican and prints the answers' shapes side by side, as compare-two-factor.ts does.
 * docs/wire/unified-signin-compare.md is its output. The peer must be fresh (restart it).
 *
 *   PORT=5199 SMTP_PORT=8199 MAIL_JSONL=/tmp/peer-mail.jsonl bash /work/shared/peers/flask-security/run.sh &
 *   PEER_URL=http://127.0.0.1:5199 PEER_MAIL=/tmp/peer-mail.jsonl npx tsx scripts/wire/compare-unified-signin.ts
 */
import { JOE } from '../../test/fixtures/demo-routes.js';
import { TOTP_SECRETS } from '../../test/fixtures/two-factor.js';
import { compare, type Step, totp } from './sides.js';

const identity = JOE.email;

function setupState(memo: Map<string, string>): string {
  return encodeURIComponent(memo.get('state') ?? 'missing');
}

const STEPS: ReadonlyArray<readonly [string, Step]> = [
  ['GET /us-signin', (s) => s.walker.send('GET', '/us-signin')],
  ['POST /us-signin {}', (s) => s.walker.post('/us-signin', {})],
  [
    'POST /us-signin wrong password',
    (s) => s.walker.post('/us-signin', { identity, passcode: 'not the password' }),
  ],
  [
    'POST /us-signin/send-code unknown identity',
    (s) => s.walker.post('/us-signin/send-code', { identity: 'nobody@example.com', chosen_method: 'email' }),
  ],
  [
    'POST /us-signin/send-code {chosen_method:"password"}',
    (s) => s.walker.post('/us-signin/send-code', { identity, chosen_method: 'password' }),
  ],
  ['POST /us-signin password', (s) => s.walker.post('/us-signin', { identity, passcode: JOE.password })],
  ['GET /us-setup', (s) => s.walker.send('GET', '/us-setup')],
  ['POST /us-setup {chosen_method:"sms"}', (s) => s.walker.post('/us-setup', { chosen_method: 'sms' })],
  [
    'POST /us-setup {chosen_method:"email"}',
    async (s, memo) => {
      const shape = await s.walker.post('/us-setup', { chosen_method: 'email' });
      memo.set('state', String(shape.body?.state ?? ''));
      return shape;
    },
  ],
  [
    'POST /us-setup/<state> wrong code',
    (s, memo) => s.walker.post(`/us-setup/${setupState(memo)}`, { passcode: '000000' }),
  ],
  [
    'POST /us-setup/<state> mailed code',
    async (s, memo) => s.walker.post(`/us-setup/${setupState(memo)}`, { passcode: await s.code(identity) }),
  ],
  ['POST /us-setup/garbage', (s) => s.walker.post('/us-setup/garbage', { passcode: '123456' })],
  [
    'POST /us-setup {chosen_method:"authenticator"}',
    async (s, memo) => {
      const shape = await s.walker.post('/us-setup', { chosen_method: 'authenticator' });
      memo.set('state', String(shape.body?.state ?? ''));
      memo.set('secret', String(shape.body?.authr_key ?? '').replace(/[ -]/g, ''));
      return shape;
    },
  ],
  [
    'POST /us-setup/<state> authenticator code',
    (s, memo) => s.walker.post(`/us-setup/${setupState(memo)}`, { passcode: totp(memo.get('secret') ?? '') }),
  ],
  ['GET /us-setup (methods set up)', (s) => s.walker.send('GET', '/us-setup')],
  ['GET /us-verify', (s) => s.walker.send('GET', '/us-verify')],
  [
    'POST /us-verify/send-code {chosen_method:"email"}',
    (s) => s.walker.post('/us-verify/send-code', { chosen_method: 'email' }),
  ],
  ['POST /us-verify wrong', (s) => s.walker.post('/us-verify', { passcode: '000000' })],
  [
    'POST /us-verify mailed code',
    async (s) => s.walker.post('/us-verify', { passcode: await s.code(identity) }),
  ],
  ['POST /logout', (s) => s.walker.post('/logout', {})],
  [
    'POST /us-signin/send-code {chosen_method:"email"}',
    (s) => s.walker.post('/us-signin/send-code', { identity, chosen_method: 'email' }),
  ],
  ['POST /us-signin wrong code', (s) => s.walker.post('/us-signin', { identity, passcode: '000000' })],
  [
    'POST /us-signin mailed code',
    async (s) => s.walker.post('/us-signin', { identity, passcode: await s.code(identity) }),
  ],
  ['POST /logout (again)', (s) => s.walker.post('/logout', {})],
  [
    'POST /us-signin authenticator code',
    (s, memo) => s.walker.post('/us-signin', { identity, passcode: totp(memo.get('secret') ?? '', 1) }),
  ],
  ['POST /logout (end)', (s) => s.walker.post('/logout', {})],
];

await compare(STEPS, {
  twoFactor: true,
  twoFactorEnabledMethods: ['authenticator', 'email'],
  totpSecrets: TOTP_SECRETS,
  totpIssuer: 'Barbican',
  unifiedSignin: true,
  usEnabledMethods: ['password', 'email', 'authenticator'],
  usSendCodeMinInterval: 0,
});
