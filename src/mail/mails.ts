/**
 * Every mail Barbican sends, each a function of typed props returning its subject, text and
 * HTML; replaceable at construction (`createSecurity({ mails })`) like views. Listed here rather
 * than augmented by each feature, so the published types carry every kind (see views.ts).
 * Props are plain values: escape them yourself in the HTML you build.
 */
import type { User } from '../datastore/types.js';
import type { MailContent } from './mail-layout.js';

/** A mailed link and how long it works, in words ("1 day"). */
export interface MailLink {
  readonly url: string;
  readonly within: string;
}

export interface WelcomeMailProps {
  readonly user: User;
  /** The confirmation link while confirmable, else null. */
  readonly confirmation: MailLink | null;
}

export interface ExistingAccountMailProps {
  /** The account that already has the address someone tried to register. */
  readonly user: User;
  /** /reset while recoverable, else null. */
  readonly resetUrl: string | null;
  /** A new confirmation link while the account is unconfirmed (confirmable), else null. */
  readonly confirmation: MailLink | null;
}

export interface UsernameTakenMailProps {
  /** The new address that chose a taken username (no account of its own). */
  readonly email: string;
  readonly username: string;
}

/** Also rendered for decoys (generic responses), which go to nobody. */
export type ConfirmInstructionsMailProps = MailLink;

export interface ResetInstructionsMailProps extends MailLink {
  readonly email: string;
}

export interface UserMailProps {
  readonly user: User;
}

export interface PasswordChangedMailProps extends UserMailProps {
  /** /reset while recoverable, else null. */
  readonly resetUrl: string | null;
}

export interface ChangeEmailInstructionsMailProps extends MailLink {
  readonly newEmail: string;
}

export interface ChangeEmailNoticeMailProps extends UserMailProps {
  readonly newEmail: string;
  readonly within: string;
}

export interface UsernameRecoveryMailProps {
  readonly username: string;
  readonly loginUrl: string;
}

export interface UsernameChangedMailProps extends UserMailProps {
  readonly username: string;
}

export interface TwoFactorChangedMailProps extends UserMailProps {
  /** The new method ("authenticator", "email"), or null when two-factor was turned off. */
  readonly method: string | null;
  /** The configured emailSubjectTwoFactor. */
  readonly subject: string;
}

export interface TwoFactorCodeMailProps extends UserMailProps {
  readonly code: string;
  readonly within: string;
  /** The configured emailSubjectTwoFactor. */
  readonly subject: string;
}

export interface TwoFactorRescueHelpMailProps extends UserMailProps {
  /** The configured emailSubjectTwoFactorRescue. */
  readonly subject: string;
}

/** Unified sign-in: a code for signing in (with the magic link) or for re-authenticating (without). */
export interface UnifiedSigninCodeMailProps {
  /** The address it goes to (decoys for generic responses render it too, to nobody). */
  readonly email: string;
  readonly code: string;
  readonly within: string;
  /** The configured usEmailSubject. */
  readonly subject: string;
  /** The single-use sign-in link, or null (re-authentication codes carry none). */
  readonly link: string | null;
}

/** Unified sign-in setup: the code that proves an address being set up as a sign-in method. */
export interface UnifiedSigninSetupCodeMailProps extends UserMailProps {
  readonly code: string;
  readonly within: string;
  /** The configured usEmailSubject. */
  readonly subject: string;
}

/** Unified sign-in: sign-in methods were set up or removed. */
export interface UnifiedSigninMethodsChangedMailProps extends UserMailProps {
  /** The methods set up (one) or removed (one or more), e.g. "email", "sms", "authenticator". */
  readonly methods: readonly string[];
  readonly removed: boolean;
}

export interface RecoveryCodeUsedMailProps extends UserMailProps {
  /** Unused recovery codes the user has left. */
  readonly left: number;
}

/**
 * @example
 * createSecurity({ datastore, config, mails: {
 *   resetInstructions: ({ url, within }) => ({ subject: 'Reset', text: `${url} (${within})`, html: render(url) }),
 * } })
 */
/** webauthn: a key was registered or deleted (5.1.2 mails neither). */
export interface WebAuthnNoticeMailProps {
  readonly user: User;
  /** The key's name (nickname), as the user typed it. */
  readonly name: string;
}

export interface Mails {
  /** registerable with sendRegisterEmail */
  welcome(props: WelcomeMailProps): MailContent;
  /** registerable, generic responses: someone registered an address that has an account */
  registerExisting(props: ExistingAccountMailProps): MailContent;
  /** registerable, generic responses: a new address chose a username that is taken */
  registerUsernameTaken(props: UsernameTakenMailProps): MailContent;
  /** confirmable: /confirm sends a new link */
  confirmInstructions(props: ConfirmInstructionsMailProps): MailContent;
  /** recoverable */
  resetInstructions(props: ResetInstructionsMailProps): MailContent;
  /** recoverable with sendPasswordResetNoticeEmail */
  resetNotice(props: UserMailProps): MailContent;
  /** changeable with sendPasswordChangeEmail */
  passwordChanged(props: PasswordChangedMailProps): MailContent;
  /** changeEmail: the link, to the new address */
  changeEmailInstructions(props: ChangeEmailInstructionsMailProps): MailContent;
  /** changeEmail: the notice, to the current address */
  changeEmailNotice(props: ChangeEmailNoticeMailProps): MailContent;
  /** usernameRecovery */
  usernameRecovery(props: UsernameRecoveryMailProps): MailContent;
  /** changeUsername with sendUsernameChangeEmail */
  usernameChanged(props: UsernameChangedMailProps): MailContent;
  /** twoFactor: the second factor changed or was turned off */
  twoFactorChanged(props: TwoFactorChangedMailProps): MailContent;
  /** twoFactor: a one-time sign-in code by mail; keep the code in the text part */
  twoFactorCode(props: TwoFactorCodeMailProps): MailContent;
  /** twoFactor: /tf-rescue "help", to twoFactorRescueMail (the help desk), about `user` */
  twoFactorRescueHelp(props: TwoFactorRescueHelpMailProps): MailContent;
  /** multiFactorRecoveryCodes: a recovery code just signed the user in (5.1.2 sends none) */
  recoveryCodeUsed(props: RecoveryCodeUsedMailProps): MailContent;
  /** unifiedSignin: a sign-in or re-authentication code; keep the code the first number of the text */
  unifiedSigninCode(props: UnifiedSigninCodeMailProps): MailContent;
  /** unifiedSignin: /us-setup's code for an address being set up (no link); keep the code the first number of the text */
  unifiedSigninSetupCode(props: UnifiedSigninSetupCodeMailProps): MailContent;
  /** unifiedSignin: sign-in methods were set up or removed (5.1.2 sends none) */
  unifiedSigninMethodsChanged(props: UnifiedSigninMethodsChangedMailProps): MailContent;
  /** webauthn: a key was registered for the account */
  webauthnRegistered(props: WebAuthnNoticeMailProps): MailContent;
  /** webauthn: a key was deleted from the account */
  webauthnDeleted(props: WebAuthnNoticeMailProps): MailContent;
}

/** The defaults with the app's replacements; throws at start-up for one that is not a function. */
export function resolveMails(defaults: Mails, replacements: Partial<Mails> = {}): Mails {
  for (const [name, render] of Object.entries(replacements)) {
    if (!(name in defaults)) throw new TypeError(`mails.${name} is not a mail Barbican sends`);
    if (typeof render !== 'function') throw new TypeError(`mails.${name} must be a function of its props`);
  }
  return Object.freeze({ ...defaults, ...replacements });
}
