/** Default HTML pages; every one is replaceable through `views` at construction. */
import type { ChangeEmailPageProps } from '../features/change-email/views.js';
import type { ChangePasswordPageProps } from '../features/change-password/views.js';
import type { ChangeUsernamePageProps } from '../features/change-username/views.js';
import type { SendConfirmationPageProps } from '../features/confirm/views.js';
import type { RecoverUsernamePageProps } from '../features/recover-username/views.js';
import type { RegisterPageProps } from '../features/register/views.js';
import type { ForgotPasswordPageProps, ResetPasswordPageProps } from '../features/reset/views.js';
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

/**
 * Every page Barbican renders, each a function of its props returning HTML. Listed here, not added
 * by each feature through module augmentation, because augmentations in files the public entry
 * never imports are lost from the published types (TS2353 on `views: { register }`).
 * A feature's page is used only while its flag is on.
 *
 * @example createSecurity({ datastore, config, views: { register: (props) => renderRegister(props) } })
 */
export interface Views {
  login(props: LoginPageProps): string;
  verify(props: VerifyPageProps): string;
  message(props: MessagePageProps): string;
  /** registerable */
  register(props: RegisterPageProps): string;
  /** confirmable */
  sendConfirmation(props: SendConfirmationPageProps): string;
  /** recoverable */
  forgotPassword(props: ForgotPasswordPageProps): string;
  /** recoverable */
  resetPassword(props: ResetPasswordPageProps): string;
  /** changeable */
  changePassword(props: ChangePasswordPageProps): string;
  /** changeEmail */
  changeEmail(props: ChangeEmailPageProps): string;
  /** changeUsername (with usernameEnable) */
  changeUsername(props: ChangeUsernamePageProps): string;
  /** usernameRecovery */
  recoverUsername(props: RecoverUsernamePageProps): string;
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
