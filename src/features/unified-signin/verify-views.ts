/** The default unified re-authentication page: any method the user has set up, or a code sent first. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';
import { type CodeChooserProps, codeChooser, noticeLine } from './signin-views.js';

export interface UnifiedVerifyPageProps extends FormPageProps, CodeChooserProps {
  /** The signed-in user's address, shown so they know whose account they confirm. */
  readonly email: string;
}

export function unifiedVerifyPage(props: UnifiedVerifyPageProps): string {
  return layout(
    'Verify',
    html`<h1>Please re-authenticate</h1>
${noticeLine(props)}
${errorList(props.errors)}
<p>Signed in as ${props.email}.</p>
<form action="${props.action}" method="post" name="us_verify_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
<label for="passcode">Password or code</label>
<input id="passcode" name="passcode" type="password" autocomplete="off" placeholder="Code or Password">
<button id="submit" name="submit" type="submit" value="Verify">Verify</button>
${codeChooser(props)}
</form>`,
  );
}
