/**
 * The default unified sign-in page: one form for every method. The passcode field takes a password
 * or a code; the chooser and "Send code" (which posts the same form to the send-code endpoint)
 * ask for a code by mail or SMS first.
 */
import { errorList, hiddenInput, html, layout, type SafeHtml } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface CodeChooserProps {
  /** The code methods offered ("email", "sms"). */
  readonly codeMethods: readonly string[];
  /** The method a code was just asked for (checked), else null. */
  readonly chosenMethod: string | null;
  /** Where "Send code" posts the form (already safe, built by Barbican). */
  readonly sendCodeAction: string;
  /** "Code has been sent." after a send, else null. */
  readonly notice: string | null;
}

export interface UnifiedSigninPageProps extends FormPageProps, CodeChooserProps {
  readonly identity: string;
  readonly identityAttributes: readonly string[];
  readonly rememberDefault: boolean;
}

const CODE_LABELS: Readonly<Record<string, string>> = { email: 'Via email', sms: 'Via SMS' };

/** The method radios and the send-code button, shared by the sign-in and verify pages. */
export function noticeLine(props: CodeChooserProps): SafeHtml {
  return props.notice ? html`<p id="notice" class="fs-info-msg">${props.notice}</p>` : html``;
}

export function codeChooser(props: CodeChooserProps): SafeHtml {
  if (props.codeMethods.length === 0) return html``;
  const radios = props.codeMethods.map(
    (
      method,
      index,
    ) => html`<div><input id="chosen_method-${index}" name="chosen_method" type="radio" value="${method}"${method === props.chosenMethod && html` checked`}>
<label for="chosen_method-${index}">${CODE_LABELS[method] ?? method}</label></div>
`,
  );
  return html`<fieldset><legend>Or get a code</legend>
${radios}<button id="submit_send_code" name="submit_send_code" type="submit" value="Send Code" formaction="${props.sendCodeAction}">Send Code</button>
</fieldset>`;
}

function identityLabel(attributes: readonly string[]): string {
  const names = attributes.map((a) => (a === 'email' ? 'Email' : a === 'username' ? 'Username' : 'Phone'));
  return names.join(' or ');
}

export function unifiedSigninPage(props: UnifiedSigninPageProps): string {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
${noticeLine(props)}
${errorList(props.errors)}
<form action="${props.action}" method="post" name="us_signin_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
<label for="identity">${identityLabel(props.identityAttributes)}</label>
<input id="identity" name="identity" type="text" value="${props.identity}" autocomplete="username" required>
<label for="passcode">Password or code</label>
<input id="passcode" name="passcode" type="password" autocomplete="off" placeholder="Code or Password">
<label><input id="remember" name="remember" type="checkbox" value="y"${props.rememberDefault && html` checked`}> Remember me</label>
<button id="submit" name="submit" type="submit" value="Sign In">Sign In</button>
${codeChooser(props)}
</form>`,
  );
}
