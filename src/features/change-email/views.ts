/** The default change-email page; apps replace it through `views.changeEmail`. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface ChangeEmailPageProps extends FormPageProps {
  readonly currentEmail: string;
  /** What the user typed, shown again after an error. */
  readonly email: string;
}

export function changeEmailPage(props: ChangeEmailPageProps): string {
  return layout(
    'Change email',
    html`<h1>Change email address</h1>
${errorList(props.errors)}
<p>Your account uses ${props.currentEmail}. A confirmation link goes to the new address; the change happens when it is opened.</p>
<form action="${props.action}" method="post" name="change_email_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="email">New email address</label>
<input id="email" name="email" type="email" value="${props.email}" autocomplete="email" required>
<button id="submit" type="submit">Change email</button>
</form>`,
  );
}
