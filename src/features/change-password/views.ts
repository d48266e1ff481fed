/** Default page of the password change form. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface ChangePasswordPageProps extends FormPageProps {
  /** False for an account without a password: no current-password field. */
  readonly activePassword: boolean;
}

export function changePasswordPage(props: ChangePasswordPageProps): string {
  const current = props.activePassword
    ? html`<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>\n`
    : null;
  return layout(
    'Change password',
    html`<h1>Change password</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="change_password_form">
${hiddenInput('csrf_token', props.csrfToken)}
${current}<label for="new_password">New password</label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required>
<label for="new_password_confirm">Retype password</label>
<input id="new_password_confirm" name="new_password_confirm" type="password" autocomplete="new-password" required>
<button id="submit" type="submit">Change password</button>
</form>`,
  );
}
