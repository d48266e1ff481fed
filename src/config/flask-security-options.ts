/**
 * Every key Flask-Security documents (docs/configuration.rst), camel-cased, and where Barbican stands
 * on it. Keys Barbican does not implement are accepted with a warning instead of failing start-up, so
 * a Flask-Security configuration ports over one option at a time.
 */

export type FlaskSecurityOptionStatus =
  | { readonly status: 'supported' }
  | { readonly status: 'planned'; readonly feature: string }
  | { readonly status: 'not-applicable'; readonly reason: string };

const SUPPORTED: FlaskSecurityOptionStatus = { status: 'supported' };

function planned(feature: string): FlaskSecurityOptionStatus {
  return { status: 'planned', feature };
}

function notApplicable(reason: string): FlaskSecurityOptionStatus {
  return { status: 'not-applicable', reason };
}

const ITSDANGEROUS_SALT = notApplicable('itsdangerous salt; Barbican derives a key per purpose (HKDF)');
const PASSWORDLESS = notApplicable('deprecated upstream; unified sign-in replaces it');

/** Upstream's SECURITY_MSG_* keys (message text overrides) come with localised messages. */
const MESSAGE_KEYS: FlaskSecurityOptionStatus = planned('messages');
const MESSAGE_KEY = /^msg[A-Z]/;

/** Grouped as upstream's documentation groups them. 'supported' ones are exactly those in OPTION_SPECS. */
export const FLASK_SECURITY_OPTIONS: Readonly<Record<string, FlaskSecurityOptionStatus>> = {
  // Core
  secretKey: SUPPORTED,
  secretKeyFallbacks: planned('key-rotation'),
  blueprintName: notApplicable('Flask blueprint name'),
  urlPrefix: SUPPORTED,
  staticFolder: notApplicable('Flask static file serving'),
  staticFolderUrl: notApplicable('Flask static file serving'),
  subdomain: notApplicable('Flask blueprint routing'),
  flashMessages: planned('views'),
  inputNormalizeForm: planned('username'),
  i18nDomain: notApplicable('Flask-Babel translation domain'),
  i18nDirname: notApplicable('Flask-Babel translation directory'),
  tokenAuthenticationKey: SUPPORTED,
  tokenAuthenticationHeader: SUPPORTED,
  tokenMaxAge: SUPPORTED,
  tokenExpireTimestamp: SUPPORTED,
  cacheControl: planned('http'),
  emailValidatorArgs: notApplicable('arguments of the Python email_validator package'),
  defaultHttpAuthRealm: SUPPORTED,
  redirectBehavior: planned('spa'),
  redirectHost: SUPPORTED,
  redirectAllowSubdomains: SUPPORTED,
  redirectBaseDomain: SUPPORTED,
  redirectAllowedSubdomains: planned('redirects'),
  csrfProtectMechanisms: SUPPORTED,
  csrfIgnoreUnauthEndpoints: SUPPORTED,
  csrfCookieName: SUPPORTED,
  csrfCookie: SUPPORTED,
  csrfHeader: notApplicable('read through csrfHeaders'),
  csrfCookieRefreshEachRequest: SUPPORTED,
  scriptNonceKey: SUPPORTED,
  emailSender: SUPPORTED,
  userIdentityAttributes: SUPPORTED,
  userIdentityMappings: notApplicable('deprecated upstream; userIdentityAttributes replaces it'),
  apiEnabledMethods: SUPPORTED,
  defaultRememberMe: SUPPORTED,
  returnGenericResponses: SUPPORTED,
  freshness: SUPPORTED,
  freshnessGracePeriod: SUPPORTED,
  freshnessAllowAuthToken: SUPPORTED,

  // Core - Passwords and Tokens
  passwordHash: SUPPORTED,
  passwordSchemes: notApplicable('passlib scheme list; argon2id and legacy bcrypt are built in'),
  deprecatedPasswordSchemes: notApplicable('passlib scheme list; legacy bcrypt hashes are rehashed at login'),
  passwordSalt: SUPPORTED,
  passwordSingleHash: notApplicable('passlib double-hashing exceptions'),
  hashingSchemes: notApplicable('passlib schemes for hashing token data'),
  deprecatedHashingSchemes: notApplicable('passlib schemes for hashing token data'),
  passwordHashOptions: notApplicable('deprecated passlib options'),
  passwordHashPasslibOptions: notApplicable(
    'passlib options; configure the injected password hasher instead',
  ),
  passwordLengthMin: SUPPORTED,
  passwordComplexityChecker: SUPPORTED,
  zxcvbnMinimumScore: SUPPORTED,
  passwordCheckBreached: SUPPORTED,
  passwordBreachedCount: SUPPORTED,
  passwordNormalizeForm: SUPPORTED,
  passwordRequired: SUPPORTED,
  passwordConfirmRequired: SUPPORTED,

  // Core - Multi-factor
  totpSecrets: SUPPORTED,
  totpIssuer: SUPPORTED,
  smsService: notApplicable('an SMS sender is passed to createSecurity'),
  smsServiceConfig: notApplicable('an SMS sender is passed to createSecurity'),
  phoneRegionDefault: SUPPORTED,

  // Core - Compatibility
  anonymousUserDisabled: notApplicable('Flask-Login AnonymousUser object'),
  backwardsCompatAuthToken: notApplicable('pre-3.3 response shape, not re-created'),

  // Core - rarely changed
  datetimeFactory: notApplicable('a clock is passed to createSecurity'),
  confirmSalt: ITSDANGEROUS_SALT,
  resetSalt: ITSDANGEROUS_SALT,
  loginSalt: ITSDANGEROUS_SALT,
  rememberSalt: ITSDANGEROUS_SALT,
  twoFactorValiditySalt: ITSDANGEROUS_SALT,
  usSetupSalt: ITSDANGEROUS_SALT,
  wanSalt: ITSDANGEROUS_SALT,
  refreshTokenSalt: ITSDANGEROUS_SALT,
  twoFactorSetupSalt: ITSDANGEROUS_SALT,
  emailChangeSalt: ITSDANGEROUS_SALT,
  emailPlaintext: planned('mail'),
  emailHtml: planned('mail'),
  cliUsersName: notApplicable('Flask CLI group name'),
  cliRolesName: notApplicable('Flask CLI group name'),
  joinUserRoles: notApplicable('SQLAlchemy relationship loading'),

  // Login/Logout
  loginUrl: SUPPORTED,
  logoutUrl: SUPPORTED,
  logoutMethods: SUPPORTED,
  postLoginView: SUPPORTED,
  postLogoutView: SUPPORTED,
  unauthorizedView: SUPPORTED,
  loginUserTemplate: planned('views'),
  logoutUserTemplate: planned('views'),
  logoutCsrf: SUPPORTED,
  verifyUrl: SUPPORTED,
  verifyTemplate: planned('views'),
  postVerifyUrl: planned('verify'),

  // Registerable
  registerable: SUPPORTED,
  sendRegisterEmail: SUPPORTED,
  emailSubjectRegister: planned('registerable'),
  registerUserTemplate: planned('views'),
  postRegisterView: SUPPORTED,
  registerUrl: SUPPORTED,
  usernameEnable: SUPPORTED,
  registerEmailTemplate: planned('registerable'),
  registerEmailExistingUsernameTemplate: planned('registerable'),
  registerEmailExistingTemplate: planned('registerable'),
  usernameRequired: SUPPORTED,
  usernameMinLength: SUPPORTED,
  usernameMaxLength: SUPPORTED,
  usernameNormalizeForm: SUPPORTED,
  useRegisterV2: notApplicable('WTForms form-class switch'),

  // Confirmable
  confirmable: SUPPORTED,
  confirmEmailWithin: SUPPORTED,
  confirmUrl: SUPPORTED,
  sendConfirmationTemplate: planned('views'),
  emailSubjectConfirm: planned('confirmable'),
  emailTemplateConfirm: planned('confirmable'),
  confirmErrorView: SUPPORTED,
  postConfirmView: SUPPORTED,
  autoLoginAfterConfirm: SUPPORTED,
  loginWithoutConfirmation: SUPPORTED,
  requiresConfirmationErrorView: planned('confirmable'),

  // Changeable
  changeable: SUPPORTED,
  changeUrl: SUPPORTED,
  postChangeView: SUPPORTED,
  changePasswordTemplate: planned('views'),
  sendPasswordChangeEmail: SUPPORTED,
  emailSubjectPasswordChangeNotice: planned('changeable'),
  emailTemplatePasswordChangeNotice: planned('changeable'),

  // Recoverable
  recoverable: SUPPORTED,
  resetUrl: SUPPORTED,
  resetPasswordTemplate: planned('views'),
  forgotPasswordTemplate: planned('views'),
  postResetView: SUPPORTED,
  resetView: planned('recoverable'),
  autoLoginAfterReset: SUPPORTED,
  resetErrorView: planned('recoverable'),
  resetPasswordWithin: SUPPORTED,
  sendPasswordResetEmail: SUPPORTED,
  sendPasswordResetNoticeEmail: SUPPORTED,
  emailSubjectPasswordReset: planned('recoverable'),
  emailTemplatePasswordReset: planned('recoverable'),
  emailSubjectPasswordNotice: planned('recoverable'),
  emailTemplatePasswordResetNotice: planned('recoverable'),

  // Change-Email
  changeEmail: SUPPORTED,
  changeEmailSubject: planned('change-email'),
  changeEmailEmailTemplate: planned('change-email'),
  changeEmailTemplate: planned('views'),
  changeEmailWithin: SUPPORTED,
  postChangeEmailView: SUPPORTED,
  changeEmailErrorView: planned('change-email'),
  changeEmailUrl: SUPPORTED,
  changeEmailConfirmUrl: planned('change-email'),

  // Two-Factor
  twoFactor: SUPPORTED,
  twoFactorRequired: SUPPORTED,
  twoFactorEnabledMethods: SUPPORTED,
  twoFactorAuthenticatorValidity: planned('two-factor'),
  twoFactorMailValidity: SUPPORTED,
  twoFactorSmsValidity: SUPPORTED,
  twoFactorSetupWithin: planned('two-factor'),
  twoFactorRescueMail: SUPPORTED,
  emailSubjectTwoFactor: SUPPORTED,
  emailSubjectTwoFactorRescue: SUPPORTED,
  twoFactorVerifyCodeTemplate: planned('views'),
  twoFactorSetupTemplate: planned('views'),
  twoFactorSetupUrl: SUPPORTED,
  twoFactorTokenValidationUrl: SUPPORTED,
  twoFactorRescueUrl: SUPPORTED,
  twoFactorSelectUrl: SUPPORTED,
  twoFactorEmailTemplate: planned('two-factor'),
  twoFactorErrorView: planned('two-factor'),
  twoFactorPostSetupView: SUPPORTED,
  twoFactorSelectTemplate: planned('views'),
  twoFactorAlwaysValidate: SUPPORTED,
  twoFactorLoginValidity: SUPPORTED,
  twoFactorValidityCookieName: SUPPORTED,
  twoFactorValidityCookie: planned('two-factor'),
  twoFactorImplementations: notApplicable('Python plugin classes'),
  twoFactorRescueEmail: SUPPORTED,
  twoFactorRescueEmailTemplate: planned('two-factor'),

  // Unified Signin
  unifiedSignin: SUPPORTED,
  usSigninUrl: SUPPORTED,
  usSigninSendCodeUrl: SUPPORTED,
  usSetupUrl: SUPPORTED,
  usVerifyLinkUrl: SUPPORTED,
  usVerifyUrl: SUPPORTED,
  usVerifySendCodeUrl: SUPPORTED,
  usPostSetupView: SUPPORTED,
  usSigninTemplate: planned('views'),
  usSetupTemplate: planned('views'),
  usVerifyTemplate: planned('views'),
  usEmailTemplate: planned('unified-signin'),
  usEnabledMethods: SUPPORTED,
  usMfaRequired: SUPPORTED,
  usTokenValidity: SUPPORTED,
  usEmailSubject: SUPPORTED,
  usSetupWithin: SUPPORTED,
  usSigninReplacesLogin: SUPPORTED,

  // Username-Recovery
  usernameRecovery: SUPPORTED,
  usernameRecoveryUrl: SUPPORTED,
  emailSubjectUsernameRecovery: planned('username-recovery'),
  usernameRecoveryTemplate: planned('views'),
  usernameRecoveryEmailTemplate: planned('username-recovery'),

  // Change Username
  changeUsername: SUPPORTED,
  changeUsernameUrl: SUPPORTED,
  postChangeUsernameView: SUPPORTED,
  sendUsernameChangeEmail: SUPPORTED,
  emailSubjectUsernameChangeNotice: planned('change-username'),
  changeUsernameTemplate: planned('views'),
  changeUsernameEmailTemplate: planned('change-username'),

  // Passwordless
  passwordless: PASSWORDLESS,
  sendLoginTemplate: PASSWORDLESS,
  emailTemplatePasswordless: PASSWORDLESS,
  emailSubjectPasswordless: PASSWORDLESS,
  loginWithin: PASSWORDLESS,
  loginErrorView: planned('spa'),

  // Trackable
  trackable: SUPPORTED,

  // WebAuthn
  webauthn: SUPPORTED,
  wanRegisterUrl: SUPPORTED,
  wanSigninUrl: SUPPORTED,
  wanDeleteUrl: SUPPORTED,
  wanVerifyUrl: SUPPORTED,
  wanPostRegisterView: SUPPORTED,
  wanRegisterTemplate: planned('views'),
  wanSigninTemplate: planned('views'),
  wanVerifyTemplate: planned('views'),
  wanRpName: SUPPORTED,
  wanRegisterWithin: SUPPORTED,
  wanRegisterTimeout: SUPPORTED,
  wanSigninWithin: SUPPORTED,
  wanSigninTimeout: SUPPORTED,
  wanAllowAsFirstFactor: SUPPORTED,
  wanAllowAsMultiFactor: SUPPORTED,
  wanAllowUserHints: SUPPORTED,
  wanAllowAsVerify: SUPPORTED,
  wanNameAllowedChars: SUPPORTED,
  wanNameMaxLength: SUPPORTED,

  // Recovery Codes
  multiFactorRecoveryCodes: SUPPORTED,
  multiFactorRecoveryCodesN: SUPPORTED,
  multiFactorRecoveryCodesUrl: SUPPORTED,
  multiFactorRecoveryCodesTemplate: planned('views'),
  multiFactorRecoveryUrl: SUPPORTED,
  multiFactorRecoveryTemplate: planned('views'),
  multiFactorRecoveryCodesKeys: planned('multi-factor-recovery-codes'),
  multiFactorRecoveryCodeTtl: planned('multi-factor-recovery-codes'),

  // Social Login (OAuth)
  oauthEnable: planned('oauth'),
  oauthBuiltinProviders: planned('oauth'),
  oauthStartUrl: planned('oauth'),
  oauthResponseUrl: planned('oauth'),
  postOauthLoginView: planned('oauth'),
  oauthVerifyStartUrl: planned('oauth'),
  oauthVerifyResponseUrl: planned('oauth'),
  postOauthVerifyView: planned('oauth'),
  verifyErrorView: planned('spa'),

  // Refresh Tokens
  refreshToken: planned('refresh-token'),
  refreshTokenUrl: planned('refresh-token'),
  refreshTokenMaxAge: planned('refresh-token'),
  refreshTokenMaxIdle: planned('refresh-token'),
  refreshTokenCleanupExpired: planned('refresh-token'),
  refreshTokenCleanupRevoked: planned('refresh-token'),
  refreshCookieName: planned('refresh-token'),
  refreshTokenCookie: planned('refresh-token'),
};

/**
 * Status of a Flask-Security key, or undefined when Flask-Security has no such key.
 *
 * @example flaskSecurityOptionStatus('twoFactorSetupWithin') // { status: 'planned', feature: 'two-factor' }
 */
export function flaskSecurityOptionStatus(option: string): FlaskSecurityOptionStatus | undefined {
  if (Object.hasOwn(FLASK_SECURITY_OPTIONS, option)) return FLASK_SECURITY_OPTIONS[option];
  return MESSAGE_KEY.test(option) ? MESSAGE_KEYS : undefined;
}
