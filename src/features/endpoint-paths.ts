/**
 * Every built-in endpoint's path with urlPrefix applied, resolved once per Security from the
 * resolved config (which already strips urlPrefix's trailing slash). Features, mails and views
 * read `core.paths`; no one rebuilds a path from config where it is used.
 */
import type { SecurityConfig } from '../config/options.js';

export interface EndpointPaths {
  readonly login: string;
  readonly logout: string;
  readonly verify: string;
  readonly register: string;
  readonly confirm: string;
  /** forgot password; reset links are `${reset}/:token` */
  readonly reset: string;
  /** change password */
  readonly change: string;
  readonly changeEmail: string;
  readonly changeUsername: string;
  readonly usernameRecovery: string;
  /** two-factor: choose, change or disable the second factor */
  readonly tfSetup: string;
  /** two-factor: the code that completes a pending sign-in or a setup */
  readonly tfValidate: string;
  /** two-factor: help for a pending sign-in (a code by mail, or the help desk) */
  readonly tfRescue: string;
  /** two-factor: choose one of several second factors for a pending sign-in */
  readonly tfSelect: string;
  /** recovery codes: generate a new set */
  readonly mfRecoveryCodes: string;
  /** recovery codes: use one in place of the second factor */
  readonly mfRecovery: string;
  /** unified sign-in: one form for a password, a code or an authenticator */
  readonly usSignin: string;
  readonly usSigninSendCode: string;
  /** unified sign-in: re-authenticate by any set-up method */
  readonly usVerify: string;
  readonly usVerifySendCode: string;
  /** unified sign-in: the magic link is `${usVerifyLink}/:token` */
  readonly usVerifyLink: string;
  /** unified sign-in: add, change or remove methods; a setup completes at `${usSetup}/:state` */
  readonly usSetup: string;
  /** WebAuthn: sign in with a key or passkey (first factor, or second after the password) */
  readonly wanSignin: string;
  /** WebAuthn: re-authenticate with a key (freshness) */
  readonly wanVerify: string;
  /** WebAuthn: list keys and register one; the browser's answer goes to `${wanRegister}/:state` */
  readonly wanRegister: string;
  /** WebAuthn: delete a key by name */
  readonly wanDelete: string;
  /** session management: the caller's sessions (GET) */
  readonly sessions: string;
  /** session management: end one session or all others (POST) */
  readonly sessionsRevoke: string;
}

/** @example resolveEndpointPaths(config).login // "/auth/login" with urlPrefix "/auth" */
export function resolveEndpointPaths(config: SecurityConfig): EndpointPaths {
  const under = (path: string): string => `${config.urlPrefix}${path}`;
  return Object.freeze({
    login: under(config.loginUrl),
    logout: under(config.logoutUrl),
    verify: under(config.verifyUrl),
    register: under(config.registerUrl),
    confirm: under(config.confirmUrl),
    reset: under(config.resetUrl),
    change: under(config.changeUrl),
    changeEmail: under(config.changeEmailUrl),
    changeUsername: under(config.changeUsernameUrl),
    usernameRecovery: under(config.usernameRecoveryUrl),
    tfSetup: under(config.twoFactorSetupUrl),
    tfValidate: under(config.twoFactorTokenValidationUrl),
    tfRescue: under(config.twoFactorRescueUrl),
    tfSelect: under(config.twoFactorSelectUrl),
    mfRecoveryCodes: under(config.multiFactorRecoveryCodesUrl),
    mfRecovery: under(config.multiFactorRecoveryUrl),
    usSignin: under(config.usSigninUrl),
    usSigninSendCode: under(config.usSigninSendCodeUrl),
    usVerify: under(config.usVerifyUrl),
    usVerifySendCode: under(config.usVerifySendCodeUrl),
    usVerifyLink: under(config.usVerifyLinkUrl),
    usSetup: under(config.usSetupUrl),
    wanSignin: under(config.wanSigninUrl),
    wanVerify: under(config.wanVerifyUrl),
    wanRegister: under(config.wanRegisterUrl),
    wanDelete: under(config.wanDeleteUrl),
    sessions: under(config.sessionsUrl),
    sessionsRevoke: under(config.sessionsRevokeUrl),
  });
}
