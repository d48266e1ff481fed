/** Barbican's public surface: named exports only; internals are never exported. */

export { ConfigError } from './config/config-error.js';
export type { UncheckedConfig } from './config/from-env.js';
export { configFromEnv, uncheckedConfig } from './config/from-env.js';
export type { SecurityConfig, SecurityConfigInput } from './config/options.js';
export type { Identity, RequestState } from './context.js';
export { currentIdentity, currentUser } from './context.js';
export type { Clock, Handlers, ReauthnContext, UnauthnContext, UnauthzContext } from './core.js';
export type { DatastoreErrorCode } from './datastore/errors.js';
export { DatastoreError } from './datastore/errors.js';
// Everything a custom datastore (Drizzle, Prisma, …) implements or returns; prove one with barbican/testing.
export type {
  CreateRoleInput,
  CreateUserInput,
  Datastore,
  IdentityAttribute,
  LinkTokenRecord,
  LinkTokenStore,
  MailOutbox,
  NewLinkToken,
  OutboxEntry,
  OutboxMessage,
  Role,
  SessionRecord,
  SessionStore,
  TransactionStore,
  User,
  UserDatastore,
  UserPatch,
} from './datastore/types.js';
export type { UnifiedSigninProfile, UnifiedSigninStore } from './datastore/unified-signin-types.js';
export type {
  NewWebAuthnCredential,
  WebAuthnCredential,
  WebAuthnDeletion,
  WebAuthnStateRecord,
  WebAuthnStore,
  WebAuthnUsage,
} from './datastore/webauthn-types.js';
export { BadRequestError, BarbicanError } from './errors.js';
export type { AuthMechanism, EventName, SecurityEvents } from './events.js';
export type { ChangeEmailPageProps } from './features/change-email/views.js';
export type { ChangePasswordPageProps } from './features/change-password/views.js';
export type { ChangeUsernamePageProps } from './features/change-username/views.js';
export type { SendConfirmationPageProps } from './features/confirm/views.js';
export type { RecoverUsernamePageProps } from './features/recover-username/views.js';
export type { RecoveryCodesPageProps, RecoveryPageProps } from './features/recovery-codes/views.js';
export type { RegisterPageProps } from './features/register/views.js';
export type { ForgotPasswordPageProps, ResetPasswordPageProps } from './features/reset/views.js';
export type {
  TwoFactorSelectPageProps,
  TwoFactorSetupPageProps,
  TwoFactorValidatePageProps,
} from './features/two-factor/views.js';
export type { UsSetupPageProps } from './features/unified-signin/setup-views.js';
export type { CodeChooserProps, UnifiedSigninPageProps } from './features/unified-signin/signin-views.js';
export type { UnifiedVerifyPageProps } from './features/unified-signin/verify-views.js';
export type { RegisteredCredentialJSON } from './features/webauthn/credential-list.js';
export type { WanRegisterPageProps } from './features/webauthn/register-view.js';
export type {
  WanSigninPageProps,
  WanVerifyPageProps,
  WebAuthnCeremony,
  WebAuthnScripts,
} from './features/webauthn/views.js';
export { webauthnCeremonyBlock } from './features/webauthn/views.js';
export { anonymousUserRequired } from './guards/anonymous-required.js';
export type { AuthRequiredOptions } from './guards/auth-required.js';
export { authOptional, authRequired, authTokenRequired, httpAuthRequired } from './guards/auth-required.js';
export {
  permissionsAccepted,
  permissionsRequired,
  rolesAccepted,
  rolesRequired,
} from './guards/authorization.js';
export type { Guard } from './guards/guard.js';
export { csrfToken, handleCsrf, unauthCsrf } from './guards/unauth-csrf.js';
export type { RedirectPolicy } from './http/safe-redirect.js';
export { safeRedirectTarget } from './http/safe-redirect.js';
export type { MailContent } from './mail/mail-layout.js';
export type { Mailer, MailToSend } from './mail/mailer.js';
export { createConsoleMailer } from './mail/mailer.js';
export type {
  ChangeEmailInstructionsMailProps,
  ChangeEmailNoticeMailProps,
  ConfirmInstructionsMailProps,
  ExistingAccountMailProps,
  MailLink,
  Mails,
  PasswordChangedMailProps,
  RecoveryCodeUsedMailProps,
  ResetInstructionsMailProps,
  TwoFactorChangedMailProps,
  TwoFactorCodeMailProps,
  TwoFactorRescueHelpMailProps,
  UnifiedSigninCodeMailProps,
  UnifiedSigninMethodsChangedMailProps,
  UnifiedSigninSetupCodeMailProps,
  UserMailProps,
  UsernameChangedMailProps,
  UsernameRecoveryMailProps,
  UsernameTakenMailProps,
  WebAuthnNoticeMailProps,
  WelcomeMailProps,
} from './mail/mails.js';
export type { MessageKey } from './messages.js';
export { MESSAGES } from './messages.js';
export {
  createPasswordHasher,
  createPasswordUtil,
  passwordBreachedValidator,
  passwordComplexityValidator,
  passwordLengthValidator,
} from './passwords/index.js';
export type {
  PasswordHasher,
  PasswordProblem,
  PasswordUtil,
  PasswordValidationContext,
  PasswordValidationResult,
} from './passwords/types.js';
export { MissingPeerDependencyError } from './peer-dependency.js';
export type { AppHandler, CreateSecurityOptions, RequestOptions, Security } from './security.js';
export { createSecurity } from './security.js';
export type { HtmlValue } from './views/html.js';
export { html, raw, SafeHtml } from './views/html.js';
export type {
  FormPageProps,
  LoginPageLinks,
  LoginPageProps,
  MessagePageProps,
  VerifyPageProps,
  Views,
} from './views/views.js';
export { defaultViews } from './views/views.js';
