/** The default page of GET /register. */
import { errorList, escapeHtml, hiddenInput, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface RegisterPageProps extends FormPageProps {
  readonly email: string;
  readonly username: string;
  /** usernameEnable; usernameRequired makes the field required. */
  readonly usernameField: 'off' | 'optional' | 'required';
  /** passwordConfirmRequired: the form asks for the password twice. */
  readonly passwordConfirm: boolean;
}


function usernameInput(props: RegisterPageProps): string {
  if (props.usernameField === 'off') return '';
  const required = props.usernameField === 'required' ? ' required' : '';
  return `<label for="username">Username${required ? '' : ' (optional)'}</label>
<input id="username" name="username" type="text" value="${escapeHtml(props.username)}" autocomplete="username"${required}>
`;
}

export function registerPage(props: RegisterPageProps): string {
  const confirm = props.passwordConfirm
    ? `<label for="password_confirm">Retype password</label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required>
`
    : '';
  return layout(
    'Register',
    `<h1>Register</h1>
${errorList(props.errors)}
<form action="${escapeHtml(props.action)}" method="post" name="register_user_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : ''}
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${escapeHtml(props.email)}" autocomplete="email" required>
${usernameInput(props)}<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>
${confirm}<button id="submit" type="submit">Register</button>
</form>`,
  );
}
