/** The default page of GET /register. */
import { errorList, hiddenInput, html, layout, type SafeHtml } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface RegisterPageProps extends FormPageProps {
  readonly email: string;
  readonly username: string;
  /** usernameEnable; usernameRequired makes the field required. */
  readonly usernameField: 'off' | 'optional' | 'required';
  /** passwordConfirmRequired: the form asks for the password twice. */
  readonly passwordConfirm: boolean;
  /** unifiedSignin with passwordRequired false: the password may be left out (sign-in by code). */
  readonly passwordOptional?: boolean;
}

function usernameInput(props: RegisterPageProps): SafeHtml | null {
  if (props.usernameField === 'off') return null;
  const required = props.usernameField === 'required';
  return html`<label for="username">Username${required ? null : ' (optional)'}</label>
<input id="username" name="username" type="text" value="${props.username}" autocomplete="username"${required && html` required`}>
`;
}

export function registerPage(props: RegisterPageProps): string {
  const required = props.passwordOptional ? null : html` required`;
  const confirm = props.passwordConfirm
    ? html`<label for="password_confirm">Retype password</label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password"${required}>
`
    : null;
  return layout(
    'Register',
    html`<h1>Register</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="register_user_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${props.email}" autocomplete="email" required>
${usernameInput(props)}<label for="password">Password${props.passwordOptional ? ' (optional)' : null}</label>
<input id="password" name="password" type="password" autocomplete="new-password"${required}>
${confirm}<button id="submit" type="submit">Register</button>
</form>`,
  );
}
