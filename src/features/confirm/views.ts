/**
 * The default pages of confirmation: GET /confirm asks for new instructions by email, and a
 * confirmation link that must set the account's password shows the password form.
 */
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

export interface ConfirmPasswordPageProps extends FormPageProps {
  /** The address being confirmed (the link was mailed there). */
  readonly email: string;
}

export function confirmPasswordPage(props: ConfirmPasswordPageProps): string {
  return layout(
    'Confirm your email',
    html`<h1>Confirm your email</h1>
<p>Choose the password of the account registered with ${props.email}. Any password set before
stops working, and every other sign-in of the account is ended.</p>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="confirm_password_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>
<label for="password_confirm">Retype password</label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required>
<button id="submit" type="submit">Confirm</button>
</form>`,
  );
}
