/** Default pages of two-factor: the code form (validate) and the method form (setup). */
import { errorList, hiddenInput, html, layout, type SafeHtml } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface TwoFactorValidatePageProps extends FormPageProps {
  /** The rescue form of a pending sign-in: where it posts and the ways out offered. */
  readonly rescue: { readonly action: string; readonly options: readonly string[] } | null;
}

const RESCUE_LABELS: Readonly<Record<string, string>> = {
  email: 'Send a code to my email address',
  help: 'Contact the administrator',
  recovery_code: 'Use a recovery code',
};

function rescueForm(props: TwoFactorValidatePageProps): SafeHtml {
  if (!props.rescue) return html``;
  const radios = props.rescue.options.map(
    (
      option,
      index,
    ) => html`<div><input id="help_setup-${index}" name="help_setup" type="radio" value="${option}">
<label for="help_setup-${index}">${RESCUE_LABELS[option] ?? option}</label></div>
`,
  );
  return html`<h2>Trouble accessing your account?</h2>
<form action="${props.rescue.action}" method="post" name="two_factor_rescue_form">
${hiddenInput('csrf_token', props.csrfToken)}
${radios}<button id="rescue-submit" type="submit">Submit</button>
</form>`;
}

function codeForm(props: FormPageProps): SafeHtml {
  return html`<form action="${props.action}" method="post" name="two_factor_verify_code_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="code">Authentication code</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*" required>
<button id="submit-code" type="submit">Submit Code</button>
</form>`;
}

export function twoFactorValidatePage(props: TwoFactorValidatePageProps): string {
  return layout(
    'Two-factor authentication',
    html`<h1>Two-factor authentication</h1>
<p>Enter the code from your authenticator app, or the code we mailed you.</p>
${errorList(props.errors)}
${codeForm(props)}
${rescueForm(props)}`,
  );
}

export interface TwoFactorSetupPageProps extends FormPageProps {
  readonly methods: readonly string[];
  readonly currentMethod: string | null;
  readonly chosen: string | null;
  /** Where the code of a chosen method is posted (the validate form), with the authenticator's key. */
  readonly validate: FormPageProps | null;
  /** The QR code is markup Barbican rendered from the key URI: SafeHtml, the one trusted prop. */
  readonly authenticator: { readonly key: string; readonly qrCodeSVG: SafeHtml; readonly uri: string } | null;
}

const METHOD_LABELS: Readonly<Record<string, string>> = {
  authenticator: 'Set up using an authenticator app (e.g. Google, Lastpass, Authy)',
  email: 'Set up using email',
  sms: 'Set up using SMS',
  disable: 'Disable two factor authentication',
};

export function twoFactorSetupPage(props: TwoFactorSetupPageProps): string {
  const radios = props.methods.map(
    (
      method,
      index,
    ) => html`<div><input id="setup-${index}" name="setup" type="radio" value="${method}"${method === props.chosen && html` checked`}>
<label for="setup-${index}">${METHOD_LABELS[method] ?? method}</label></div>
`,
  );
  return layout(
    'Two-factor setup',
    html`<h1>Two-factor authentication</h1>
<p>Currently setup two-factor method: ${props.currentMethod ?? 'none'}</p>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="two_factor_setup_form">
${hiddenInput('csrf_token', props.csrfToken)}
${radios}${
  props.methods.includes('sms') &&
  html`<label for="phone">Phone number (for SMS)</label>
<input id="phone" name="phone" type="tel" autocomplete="tel">
`
}<button id="submit" type="submit">Submit</button>
</form>
${props.authenticator ? authenticatorBlock(props.authenticator) : html``}
${props.validate ? codeForm(props.validate) : html``}`,
  );
}

function authenticatorBlock(authenticator: NonNullable<TwoFactorSetupPageProps['authenticator']>): SafeHtml {
  // The QR code is SVG made by our own renderer from the key URI (no script, no external image).
  return html`<div id="qrcode" role="img" aria-label="Two factor authentication code">${authenticator.qrCodeSVG}</div>
<p>Or enter this key in your app: <code id="authr-key">${authenticator.key}</code></p>`;
}

export interface TwoFactorSelectPageProps extends FormPageProps {
  /** The user's second factors, e.g. ['authenticator', 'webauthn']. */
  readonly methods: readonly string[];
}

const SELECT_LABELS: Readonly<Record<string, string>> = {
  authenticator: 'A code from your authenticator app',
  email: 'A code sent to your email address',
  sms: 'A code sent to your phone',
  webauthn: 'Your security key',
};

export function twoFactorSelectPage(props: TwoFactorSelectPageProps): string {
  const radios = props.methods.map(
    (
      method,
      index,
    ) => html`<div><input id="which-${index}" name="which" type="radio" value="${method}"${index === 0 && html` checked`}>
<label for="which-${index}">${SELECT_LABELS[method] ?? method}</label></div>
`,
  );
  return layout(
    'Choose a second factor',
    html`<h1>Choose how to finish signing in</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="two_factor_select_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
${radios}<button id="submit" type="submit">Continue</button>
</form>`,
  );
}
