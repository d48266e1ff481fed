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
import { JOE } from '../../test/fixtures/demo-routes.js';
import { TOTP_SECRETS } from '../../test/fixtures/two-factor.js';
import { compare, type Step, totp } from './sides.js';

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

await compare(STEPS, {
  twoFactor: true,
  twoFactorEnabledMethods: ['authenticator', 'email'],
  twoFactorRescueEmail: true,
  totpSecrets: TOTP_SECRETS,
  totpIssuer: 'Barbican',
});
