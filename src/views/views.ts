/** Default HTML pages; every one is replaceable through `views` at construction. */
import type { ChangeEmailPageProps } from '../features/change-email/views.js';
import type { ChangePasswordPageProps } from '../features/change-password/views.js';
import type { ChangeUsernamePageProps } from '../features/change-username/views.js';
import type { ConfirmPasswordPageProps, SendConfirmationPageProps } from '../features/confirm/views.js';
import type { RecoverUsernamePageProps } from '../features/recover-username/views.js';
import type { RecoveryCodesPageProps, RecoveryPageProps } from '../features/recovery-codes/views.js';
import type { RegisterPageProps } from '../features/register/views.js';
import type { ForgotPasswordPageProps, ResetPasswordPageProps } from '../features/reset/views.js';
import type { SessionsPageProps } from '../features/sessions/views.js';
import type {
  TwoFactorSelectPageProps,
  TwoFactorSetupPageProps,
  TwoFactorValidatePageProps,
} from '../features/two-factor/views.js';
import type { UsSetupPageProps } from '../features/unified-signin/setup-views.js';
import type { UnifiedSigninPageProps } from '../features/unified-signin/signin-views.js';
import type { UnifiedVerifyPageProps } from '../features/unified-signin/verify-views.js';
import type { WanRegisterPageProps } from '../features/webauthn/register-view.js';
import type { WanSigninPageProps, WanVerifyPageProps } from '../features/webauthn/views.js';
import { type RateLimitedPageProps, rateLimitedPage } from '../ratelimit/rate-limited-view.js';
import { errorList, hiddenInput, html, layout, type SafeHtml } from './html.js';

export interface FormPageProps {
  /** Form action, already safe (built by Barbican). */
  readonly action: string;
  readonly csrfToken: string;
  readonly errors: readonly string[];
  readonly next: string | null;
}

/** Where the login page links to; each is null while its feature is off, as in Flask-Security's menu. */
export interface LoginPageLinks {
  /** registerable; carries the login page's `next` on */
  readonly register: string | null;
  /** recoverable */
  readonly forgotPassword: string | null;
  /** confirmable */
  readonly confirm: string | null;
}

export interface LoginPageProps extends FormPageProps {
  readonly identity: string;
  readonly identityAttributes: readonly string[];
  readonly rememberDefault: boolean;
  readonly links: LoginPageLinks;
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
  /** A 429 from a rate limit (docs/rate-limiting.md) */
  rateLimited(props: RateLimitedPageProps): string;
  /** registerable */
  register(props: RegisterPageProps): string;
  /** confirmable */
  sendConfirmation(props: SendConfirmationPageProps): string;
  /** confirmable: the first confirmation of an account chooses its password (pre-registration hijack) */
  confirmPassword(props: ConfirmPasswordPageProps): string;
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
  /** twoFactor: the code form of a pending sign-in or a setup, with the rescue form */
  twoFactorValidate(props: TwoFactorValidatePageProps): string;
  /** twoFactor: choose, change or disable the second factor (QR code and key once chosen) */
  twoFactorSetup(props: TwoFactorSetupPageProps): string;
  /** multiFactorRecoveryCodes: generate a set (shown once) */
  recoveryCodes(props: RecoveryCodesPageProps): string;
  /** multiFactorRecoveryCodes: use one in place of the second factor */
  recovery(props: RecoveryPageProps): string;
  /** twoFactor: a pending sign-in whose user has several second factors chooses one */
  twoFactorSelect(props: TwoFactorSelectPageProps): string;
  /** webauthn: sign in with a key or passkey, as first factor or second (the ceremony page) */
  /** webauthn: the user's keys with delete forms, and registering a new one (the ceremony page) */
  wanRegister(props: WanRegisterPageProps): string;
  wanSignin(props: WanSigninPageProps): string;
  /** webauthn (wanAllowAsVerify): re-authenticate with a key */
  wanVerify(props: WanVerifyPageProps): string;
  /** unifiedSignin: one form for a password or a code, with the method chooser and send-code */
  usSignin(props: UnifiedSigninPageProps): string;
  /** unifiedSignin: re-authenticate by any set-up method */
  usVerify(props: UnifiedVerifyPageProps): string;
  /** unifiedSignin: add, change or remove sign-in methods (QR code and key for an authenticator) */
  usSetup(props: UsSetupPageProps): string;
  /** sessionManagement: the user's sessions, each with an End button */
  sessions(props: SessionsPageProps): string;
}

/** The links under the login form, only for the features that are on. */
function loginMenu(links: LoginPageLinks): SafeHtml | null {
  const items: Array<[string | null, string]> = [
    [links.register, 'Register'],
    [links.forgotPassword, 'Forgot password'],
    [links.confirm, 'Confirm account'],
  ];
  const shown = items.filter((item): item is [string, string] => item[0] !== null);
  if (shown.length === 0) return null;
  return html`<nav aria-label="Account">
<ul>
${shown.map(
  ([href, label]) => html`<li><a href="${href}">${label}</a></li>
`,
)}</ul>
</nav>`;
}

function identityLabel(attributes: readonly string[]): string {
  return attributes.map((a) => (a === 'email' ? 'Email' : 'Username')).join(' or ');
}

/** The kernel's own pages; features add theirs (Feature.views) on top. */
export const defaultViews: Pick<Views, 'login' | 'verify' | 'message' | 'rateLimited'> = {
  rateLimited: rateLimitedPage,
  login(props) {
    const type =
      props.identityAttributes.length === 1 && props.identityAttributes[0] === 'email' ? 'email' : 'text';
    return layout(
      'Login',
      html`<h1>Login</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="login_user_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
<label for="email">${identityLabel(props.identityAttributes)}</label>
<input id="email" name="email" type="${type}" value="${props.identity}" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<label><input id="remember" name="remember" type="checkbox" value="y"${props.rememberDefault && html` checked`}> Remember me</label>
<button id="submit" type="submit">Login</button>
</form>
${loginMenu(props.links)}`,
    );
  },
  verify(props) {
    return layout(
      'Verify',
      html`<h1>Please re-authenticate</h1>
${errorList(props.errors)}
<p>Signed in as ${props.email}.</p>
<form action="${props.action}" method="post" name="verify_form">
${hiddenInput('csrf_token', props.csrfToken)}
${props.next ? hiddenInput('next', props.next) : null}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="submit" type="submit">Verify</button>
</form>`,
    );
  },
  message(props) {
    return layout(props.title, html`<h1>${props.title}</h1>\n${errorList(props.messages)}`);
  },
};
