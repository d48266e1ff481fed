/** The default change-username page; apps replace it through `views.changeUsername`. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface ChangeUsernamePageProps extends FormPageProps {
  readonly currentUsername: string | null;
  /** What the user typed, shown again after an error. */
  readonly username: string;
}

export function changeUsernamePage(props: ChangeUsernamePageProps): string {
  const current = props.currentUsername
    ? html`<p>Your username is ${props.currentUsername}.</p>`
    : html`<p>Your account has no username yet.</p>`;
  return layout(
    'Change username',
    html`<h1>Change username</h1>
${errorList(props.errors)}
${current}
<form action="${props.action}" method="post" name="change_username_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="username">New username</label>
<input id="username" name="username" type="text" value="${props.username}" autocomplete="username" required>
<button id="submit" type="submit">Change username</button>
</form>`,
  );
}
