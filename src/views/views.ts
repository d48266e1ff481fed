/** Default HTML pages; every one is replaceable through `views` at construction. */
import { errorList, escapeHtml, hiddenInput, layout } from './html.js';

export interface FormPageProps {
  /** Form action, already safe (built by Barbican). */
  readonly action: string;
  readonly csrfToken: string;
  readonly errors: readonly string[];
  readonly next: string | null;
}

export interface LoginPageProps extends FormPageProps {
  readonly identity: string;
  readonly identityAttributes: readonly string[];
  readonly rememberDefault: boolean;
}

export interface VerifyPageProps extends FormPageProps {
  readonly email: string;
}

export interface MessagePageProps {
  readonly status: number;
  readonly title: string;
  readonly messages: readonly string[];
}

export interface Views {
  login(props: LoginPageProps): string;
  verify(props: VerifyPageProps): string;
  message(props: MessagePageProps): string;
}

function identityLabel(attributes: readonly string[]): string {
  return attributes.map((a) => (a === 'email' ? 'Email' : 'Username')).join(' or ');
}

/** The kernel's own pages; features add theirs (Feature.views) on top. */
export const defaultViews: Pick<Views, 'login' | 'verify' | 'message'> = {
  login(props) {
    const type =
      props.identityAttributes.length === 1 && props.identityAttributes[0] === 'email' ? 'email' : 'text';
    return layout(
      'Login',
      `<h1>Login</h1>
${errorList(props.errors)}
<form action="${escapeHtml(props.action)}" method="post" name="login_user_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : ''}
<label for="email">${identityLabel(props.identityAttributes)}</label>
<input id="email" name="email" type="${type}" value="${escapeHtml(props.identity)}" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<label><input id="remember" name="remember" type="checkbox" value="y"${props.rememberDefault ? ' checked' : ''}> Remember me</label>
<button id="submit" type="submit">Login</button>
</form>`,
    );
  },
  verify(props) {
    return layout(
      'Verify',
      `<h1>Please re-authenticate</h1>
${errorList(props.errors)}
<p>Signed in as ${escapeHtml(props.email)}.</p>
<form action="${escapeHtml(props.action)}" method="post" name="verify_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : ''}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="submit" type="submit">Verify</button>
</form>`,
    );
  },
  message(props) {
    return layout(props.title, `<h1>${escapeHtml(props.title)}</h1>\n${errorList(props.messages)}`);
  },
};
