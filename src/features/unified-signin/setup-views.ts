/** Default page of /us-setup: the methods set up, a form to add or change one or remove some, and the code form of a setup. */
import { errorList, hiddenInput, html, layout, type SafeHtml } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface UsSetupPageProps extends FormPageProps {
  /** Methods that can be set up (enabled, not 'password'); one already set up is set up anew. */
  readonly setupMethods: readonly string[];
  /** Methods the user can sign in with now. */
  readonly activeMethods: readonly string[];
  /** Active methods that may be removed (never 'password'). */
  readonly deletableMethods: readonly string[];
  readonly phone: string | null;
  /** The method of the setup just started, or null. */
  readonly chosen: string | null;
  /** The form the setup's code is posted to (`/us-setup/<state>`), once a setup started. */
  readonly validate: FormPageProps | null;
  /** The QR code is markup Barbican rendered from the key URI: SafeHtml, the one trusted prop. */
  readonly authenticator: { readonly key: string; readonly qrCodeSVG: SafeHtml; readonly uri: string } | null;
}

const SETUP_LABELS: Readonly<Record<string, string>> = {
  authenticator: 'Set up using an authenticator app (e.g. Google, Lastpass, Authy)',
  email: 'Set up using email',
  sms: 'Set up using SMS',
};

function choiceRadios(props: UsSetupPageProps): SafeHtml[] {
  return props.setupMethods.map(
    (
      method,
      index,
    ) => html`<div><input id="chosen_method-${index}" name="chosen_method" type="radio" value="${method}"${method === props.chosen && html` checked`}>
<label for="chosen_method-${index}">${SETUP_LABELS[method] ?? method}</label></div>
`,
  );
}

function deleteRadios(props: UsSetupPageProps): SafeHtml[] {
  return props.deletableMethods.map(
    (
      method,
      index,
    ) => html`<div><input id="delete_method-${index}" name="delete_method" type="radio" value="${method}">
<label for="delete_method-${index}">Remove ${method}</label></div>
`,
  );
}

function codeForm(validate: FormPageProps): SafeHtml {
  return html`<form action="${validate.action}" method="post" name="us_setup_validate_form">
${hiddenInput('csrf_token', validate.csrfToken)}
<label for="passcode">Code</label>
<input id="passcode" name="passcode" type="text" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*" required>
<button id="submit-code" type="submit">Submit Code</button>
</form>`;
}

function authenticatorBlock(authenticator: NonNullable<UsSetupPageProps['authenticator']>): SafeHtml {
  // The QR code is SVG made by our own renderer from the key URI (no script, no external image).
  return html`<div id="qrcode" role="img" aria-label="Authenticator app setup code">${authenticator.qrCodeSVG}</div>
<p>Or enter this key in your app: <code id="authr-key">${authenticator.key}</code></p>`;
}

export function usSetupPage(props: UsSetupPageProps): string {
  const active = props.activeMethods.length > 0 ? props.activeMethods.join(', ') : 'none';
  return layout(
    'Sign-in methods',
    html`<h1>Sign-in methods</h1>
<p>You can sign in with: <span id="active-methods">${active}</span></p>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="us_setup_form">
${hiddenInput('csrf_token', props.csrfToken)}
${choiceRadios(props)}${
  props.setupMethods.includes('sms') &&
  html`<label for="phone">Phone number (for SMS)</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" value="${props.phone ?? ''}">
`
}${deleteRadios(props)}<button id="submit" type="submit">Submit</button>
</form>
${props.authenticator ? authenticatorBlock(props.authenticator) : html``}
${props.chosen && props.chosen !== 'authenticator' && html`<p>We sent a code by ${props.chosen}: enter it below.</p>`}
${props.validate ? codeForm(props.validate) : html``}`,
  );
}
