/** Barbican's own mails, one per kind of Mails, each from the feature that sends it. */
import { defaultTwoFactorCodeMail } from '../auth/two-factor-mail-code.js';
import type { Mails } from '../mail/mails.js';
import { defaultChangeEmailInstructionsMail, defaultChangeEmailNoticeMail } from './change-email/emails.js';
import { defaultPasswordChangedMail } from './change-password/emails.js';
import { defaultUsernameChangedMail } from './change-username/emails.js';
import { defaultConfirmInstructionsMail } from './confirm/emails.js';
import { defaultUsernameRecoveryMail } from './recover-username/emails.js';
import { defaultRecoveryCodeUsedMail } from './recovery-codes/emails.js';
import {
  defaultExistingAccountMail,
  defaultUsernameTakenMail,
  defaultWelcomeMail,
} from './register/emails.js';
import { defaultResetInstructionsMail, defaultResetNoticeMail } from './reset/emails.js';
import { defaultTwoFactorChangedMail, defaultTwoFactorRescueHelpMail } from './two-factor/emails.js';
import {
  defaultUnifiedSigninMethodsChangedMail,
  defaultUnifiedSigninSetupCodeMail,
} from './unified-signin/emails-setup.js';
import { defaultUnifiedSigninCodeMail } from './unified-signin/signin-emails.js';
import { defaultWebAuthnDeletedMail, defaultWebAuthnRegisteredMail } from './webauthn/emails.js';

export const defaultMails: Mails = Object.freeze({
  welcome: defaultWelcomeMail,
  registerExisting: defaultExistingAccountMail,
  registerUsernameTaken: defaultUsernameTakenMail,
  confirmInstructions: defaultConfirmInstructionsMail,
  resetInstructions: defaultResetInstructionsMail,
  resetNotice: defaultResetNoticeMail,
  passwordChanged: defaultPasswordChangedMail,
  changeEmailInstructions: defaultChangeEmailInstructionsMail,
  changeEmailNotice: defaultChangeEmailNoticeMail,
  usernameRecovery: defaultUsernameRecoveryMail,
  usernameChanged: defaultUsernameChangedMail,
  twoFactorChanged: defaultTwoFactorChangedMail,
  twoFactorCode: defaultTwoFactorCodeMail,
  twoFactorRescueHelp: defaultTwoFactorRescueHelpMail,
  recoveryCodeUsed: defaultRecoveryCodeUsedMail,
  unifiedSigninCode: defaultUnifiedSigninCodeMail,
  unifiedSigninSetupCode: defaultUnifiedSigninSetupCodeMail,
  unifiedSigninMethodsChanged: defaultUnifiedSigninMethodsChangedMail,
  webauthnRegistered: defaultWebAuthnRegisteredMail,
  webauthnDeleted: defaultWebAuthnDeletedMail,
});
