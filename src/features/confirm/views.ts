/** The default page of GET /confirm: ask for new confirmation instructions by email. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface SendConfirmationPageProps extends FormPageProps {
  readonly email: string;
}

export function sendConfirmationPage(props: SendConfirmationPageProps): string {
  return layout(
    'Resend confirmation instructions',
    html`<h1>Resend confirmation instructions</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="send_confirmation_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${props.email}" autocomplete="email" required>
<button id="submit" type="submit">Resend confirmation instructions</button>
</form>`,
  );
}
