/**
 * The default /wan-register page: the user's keys, each with a delete form, and the form that
 * starts a registration. Mid-ceremony the page carries the creation options for the served page
 * script (webauthnCeremonyBlock); without JavaScript nothing is registered (WebAuthn needs it).
 */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';
import type { RegisteredCredentialJSON } from './credential-list.js';
import { type WebAuthnCeremony, webauthnCeremonyBlock } from './views.js';

export interface WanRegisterPageProps extends FormPageProps {
  readonly credentials: readonly RegisteredCredentialJSON[];
  /** The name typed so far. */
  readonly name: string;
  /** Whether usage "first" (sign in without a password) may be chosen: wanAllowAsFirstFactor. */
  readonly allowFirst: boolean;
  /** The delete form's action (wanDeleteUrl), already safe. */
  readonly deleteAction: string;
  readonly ceremony: WebAuthnCeremony | null;
}

function credentialRows(props: WanRegisterPageProps) {
  if (props.credentials.length === 0) return html`<p>No security keys or passkeys yet.</p>`;
  return html`<table id="wan-credentials">
<thead><tr><th>Name</th><th>Usage</th><th>Last used</th><th>Synced</th><th></th></tr></thead>
<tbody>
${props.credentials.map(
  (
    cred,
  ) => html`<tr><td>${cred.name}</td><td>${cred.usage}</td><td>${cred.lastuse}</td><td>${cred.backup_state ? 'yes' : 'no'}</td>
<td><form action="${props.deleteAction}" method="post" name="wan_delete_form">
<input type="hidden" name="csrf_token" value="${props.csrfToken}">
<input type="hidden" name="name" value="${cred.name}">
<button type="submit">Delete</button>
</form></td></tr>
`,
)}</tbody>
</table>`;
}

export function wanRegisterPage(props: WanRegisterPageProps): string {
  const usage = props.allowFirst
    ? html`<fieldset><legend>Usage</legend>
<label><input type="radio" name="usage" value="first"> Use as a first authentication factor (a passkey)</label>
<label><input type="radio" name="usage" value="secondary" checked> Use as a secondary authentication factor</label>
</fieldset>
`
    : null;
  const start = html`<form action="${props.action}" method="post" name="wan_register_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="name">Nickname</label>
<input id="name" name="name" type="text" value="${props.name}" required>
${usage}<button id="wan_register" type="submit">Start</button>
</form>`;
  return layout(
    'Security keys and passkeys',
    html`<h1>Security keys and passkeys</h1>
${errorList(props.errors)}
${credentialRows(props)}
<h2>Register a new key</h2>
${props.ceremony ? webauthnCeremonyBlock(props.ceremony) : start}`,
  );
}
