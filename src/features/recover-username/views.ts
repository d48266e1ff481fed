/** The default username-recovery page; apps replace it through `views.recoverUsername`. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface RecoverUsernamePageProps extends FormPageProps {
  /** What the user typed, shown again after an error. */
  readonly email: string;
}

export function recoverUsernamePage(props: RecoverUsernamePageProps): string {
  return layout(
    'Recover username',
    html`<h1>Recover your username</h1>
${errorList(props.errors)}
<p>Enter the email address of your account; if it has a username, we mail it there.</p>
<form action="${props.action}" method="post" name="username_recovery_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="email">Email address</label>
<input id="email" name="email" type="email" value="${props.email}" autocomplete="email" required>
<button id="submit" type="submit">Recover username</button>
</form>`,
  );
}
