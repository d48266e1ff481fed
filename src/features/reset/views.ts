/** Default pages of password recovery: ask for a link, and set a new password from one. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface ForgotPasswordPageProps extends FormPageProps {
  readonly email: string;
}

export type ResetPasswordPageProps = FormPageProps;

export function forgotPasswordPage(props: ForgotPasswordPageProps): string {
  return layout(
    'Forgot password',
    html`<h1>Send password reset instructions</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="forgot_password_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${props.email}" autocomplete="email" required>
<button id="submit" type="submit">Recover password</button>
</form>`,
  );
}

export function resetPasswordPage(props: ResetPasswordPageProps): string {
  return layout(
    'Reset password',
    html`<h1>Reset password</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="reset_password_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>
<label for="password_confirm">Retype password</label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required>
<button id="submit" type="submit">Reset password</button>
</form>`,
  );
}
