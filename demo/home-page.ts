/** The demo's home page: who is signed in, and a link to every built-in page and example route. */
import { currentUser } from '../src/context.js';
import { csrfToken } from '../src/guards/unauth-csrf.js';
import type { Security } from '../src/security.js';
import { hiddenInput, html, layout } from '../src/views/html.js';

export interface DemoOptions {
  readonly freshWithinSeconds: number;
  /** Serve /dev/outbox (the demo does when mail goes to the console). */
  readonly devOutbox?: boolean;
}

const EXAMPLES = [
  '/api/public',
  '/api/session-or-token',
  '/api/session-only',
  '/api/token',
  '/api/basic',
  '/api/admin',
  '/api/roles-only',
  '/api/perm-write',
  '/api/fresh',
];

/** Every account page whose feature is switched on. */
function builtInPages(security: Security): Array<[string, string]> {
  const c = security.config;
  const pages: Array<[boolean, string, string]> = [
    [c.registerable, c.registerUrl, 'Register'],
    [c.confirmable, c.confirmUrl, 'Resend confirmation'],
    [c.recoverable, c.resetUrl, 'Forgot password'],
    [c.changeable, c.changeUrl, 'Change password'],
    [c.changeEmail, c.changeEmailUrl, 'Change email'],
    [c.changeUsername && c.usernameEnable, c.changeUsernameUrl, 'Change username'],
    [c.usernameRecovery, c.usernameRecoveryUrl, 'Recover username'],
  ];
  return pages.filter(([on]) => on).map(([, path, label]) => [path, label]);
}

export async function renderHome(security: Security, options: DemoOptions): Promise<string> {
  const user = currentUser();
  const prefix = security.config.urlPrefix;
  const who = user ? html`Signed in as <strong>${user.email}</strong>.` : 'Not signed in.';
  const logout = user
    ? html`<form method="post" action="${`${prefix}${security.config.logoutUrl}`}">${hiddenInput('csrf_token', await csrfToken())}<button type="submit">Logout</button></form>`
    : null;
  const links = [
    [`${prefix}${security.config.loginUrl}`, 'Login'],
    [`${prefix}${security.config.verifyUrl}`, 'Verify (re-authenticate)'],
    ...builtInPages(security).map(([path, label]) => [`${prefix}${path}`, label]),
    ...EXAMPLES.map((path) => [path, path]),
    ...(options.devOutbox ? [['/dev/outbox', 'Dev outbox (mail)']] : []),
  ].map(([href = '', label = '']) => html`<li><a href="${href}">${label}</a></li>\n`);
  return layout(
    'Barbican demo',
    html`<h1>Barbican demo</h1>\n<p id="who">${who}</p>\n${logout}\n<ul>\n${links}</ul>`,
  );
}
