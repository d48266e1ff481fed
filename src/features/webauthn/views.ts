/**
 * Default pages of WebAuthn: register (with the list of keys and their delete forms), sign in and
 * verify. A page in the middle of a ceremony carries its options as an attribute of the response
 * form; the served page script (page-script.ts) runs navigator.credentials and posts the answer.
 * No inline script: the two script tags carry the app's CSP nonce when it has one.
 */
import { errorList, hiddenInput, html, layout, type SafeHtml } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

/** The served scripts of a ceremony page and the CSP nonce of this response (scriptNonceKey). */
export interface WebAuthnScripts {
  readonly library: string;
  readonly page: string;
  readonly nonce: string | null;
}

/** A ceremony waiting for the browser: where its answer is posted and the options to run. */
export interface WebAuthnCeremony {
  /** Form action (the `/<wan_state>` URL), already safe. */
  readonly action: string;
  readonly kind: 'create' | 'get';
  /** credential_options as JSON text. */
  readonly optionsJSON: string;
  readonly csrfToken: string;
  /** Sign-in: the remember choice carried to the response form. */
  readonly remember: boolean;
  readonly next: string | null;
  readonly scripts: WebAuthnScripts;
}

export function webauthnCeremonyBlock(ceremony: WebAuthnCeremony | null): SafeHtml {
  if (!ceremony) return html``;
  const nonce = ceremony.scripts.nonce;
  return html`<form id="wan-response" action="${ceremony.action}" method="post" name="wan_signin_response_form" data-wan-ceremony="${ceremony.kind}" data-wan-options="${ceremony.optionsJSON}">
${hiddenInput('csrf_token', ceremony.csrfToken)}
${hiddenInput('credential', '')}
${ceremony.remember ? hiddenInput('remember', 'y') : null}
${ceremony.next ? hiddenInput('next', ceremony.next) : null}
<p id="wan-status" role="status"></p>
<button id="wan-start" type="button">Use my security key or passkey</button>
</form>
<script src="${ceremony.scripts.library}"${nonce !== null && html` nonce="${nonce}"`} defer></script>
<script src="${ceremony.scripts.page}"${nonce !== null && html` nonce="${nonce}"`} defer></script>`;
}

export interface WanSigninPageProps extends FormPageProps {
  /** Whether the identity field is shown (wanAllowUserHints, and not a second factor). */
  readonly identityField: boolean;
  readonly identity: string;
  readonly rememberDefault: boolean;
  /** A second factor after the password (upstream's is_secondary). */
  readonly isSecondary: boolean;
  /** A second factor: where a recovery code can be used instead of a lost key (null: off). */
  readonly recovery: string | null;
  readonly ceremony: WebAuthnCeremony | null;
}

export function wanSigninPage(props: WanSigninPageProps): string {
  const title = props.isSecondary ? 'Two-factor: security key' : 'Sign in with a passkey or security key';
  const start = html`<form action="${props.action}" method="post" name="wan_signin_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
${
  props.identityField &&
  html`<label for="identity">Email or username (optional for a passkey)</label>
<input id="identity" name="identity" type="text" value="${props.identity}" autocomplete="username webauthn">
`
}${
  !props.isSecondary &&
  html`<label><input id="remember" name="remember" type="checkbox" value="y"${props.rememberDefault && html` checked`}> Remember me</label>
`
}<button id="wan_signin" type="submit">Start</button>
</form>`;
  return layout(
    title,
    html`<h1>${title}</h1>
${errorList(props.errors)}
${props.ceremony ? webauthnCeremonyBlock(props.ceremony) : start}
${props.recovery && html`<p><a id="wan-recovery" href="${props.recovery}">Lost your key? Use a recovery code</a></p>`}`,
  );
}

export interface WanVerifyPageProps extends FormPageProps {
  readonly email: string;
  readonly ceremony: WebAuthnCeremony | null;
}

export function wanVerifyPage(props: WanVerifyPageProps): string {
  return layout(
    'Verify with a security key',
    html`<h1>Please re-authenticate with a security key or passkey</h1>
${errorList(props.errors)}
<p>Signed in as ${props.email}.</p>
${
  props.ceremony
    ? webauthnCeremonyBlock(props.ceremony)
    : html`<form action="${props.action}" method="post" name="wan_verify_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
<button id="wan_verify" type="submit">Start</button>
</form>`
}`,
  );
}
