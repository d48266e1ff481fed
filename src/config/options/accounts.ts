/** Mail and account-lifecycle options (register, confirm, reset, change password, email, username). */
import { DAY, HOUR, opt } from '../option-spec.js';

export const ACCOUNTS_OPTIONS = {
  // Mail
  emailSender: opt<string>({
    kind: 'string',
    default: 'no-reply@localhost',
    origin: 'flask-security',
    doc: 'From address of every mail Barbican sends.',
  }),
  sentMailRetention: opt<number>({
    kind: 'duration',
    default: 7 * DAY,
    origin: 'barbican',
    doc: 'How long delivered mail stays in the outbox (for the dev outbox page and audits) before housekeeping deletes it.',
  }),
  housekeepingInterval: opt<number>({
    kind: 'duration',
    default: HOUR,
    origin: 'barbican',
    doc: 'How often expired sessions, expired link tokens and old delivered mail are purged; 0 turns it off.',
  }),
  mailMaxAttempts: opt<number>({
    kind: 'integer',
    default: 20,
    origin: 'barbican',
    doc: 'Delivery attempts per queued mail (with exponential back-off) before it is parked for a day.',
  }),

  // Registration (registerable)
  registerable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /register.',
  }),
  registerUrl: opt<string>({
    kind: 'string',
    default: '/register',
    origin: 'flask-security',
    doc: 'Registration endpoint.',
  }),
  sendRegisterEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a welcome (with the confirmation link when confirmable) after registering.',
  }),
  postRegisterView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after registering; null means postLoginView.',
  }),
  passwordConfirmRequired: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Registration forms must repeat the password (password_confirm); JSON may omit it.',
  }),
  usernameRequired: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'With usernameEnable, registration requires a username.',
  }),
  usernameMinLength: opt<number>({
    kind: 'integer',
    default: 4,
    origin: 'flask-security',
    doc: 'Shortest username.',
  }),
  usernameMaxLength: opt<number>({
    kind: 'integer',
    default: 32,
    origin: 'flask-security',
    doc: 'Longest username.',
  }),
  usernameNormalizeForm: opt<'NFC' | 'NFD' | 'NFKC' | 'NFKD' | null>({
    kind: 'string',
    default: 'NFKD',
    nullable: true,
    choices: ['NFC', 'NFD', 'NFKC', 'NFKD'],
    origin: 'flask-security',
    doc: 'Unicode normalization of usernames.',
  }),

  // Confirmation (confirmable)
  confirmUrl: opt<string>({
    kind: 'string',
    default: '/confirm',
    origin: 'flask-security',
    doc: 'Confirmation endpoint.',
  }),
  confirmEmailWithin: opt<number>({
    kind: 'duration',
    default: 2 * DAY,
    origin: 'flask-security',
    doc: 'How long a confirmation link works.',
  }),
  autoLoginAfterConfirm: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Following a confirmation link signs the user in.',
  }),
  postConfirmView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after confirming; null means postLoginView (signed in) or loginUrl.',
  }),
  confirmErrorView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after an invalid or expired confirmation link; null means confirmUrl.',
  }),

  // Password reset (recoverable)
  recoverable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /reset.',
  }),
  resetUrl: opt<string>({
    kind: 'string',
    default: '/reset',
    origin: 'flask-security',
    doc: 'Password reset endpoint.',
  }),
  resetPasswordWithin: opt<number>({
    kind: 'duration',
    default: DAY,
    origin: 'flask-security',
    doc: 'How long a reset link works.',
  }),
  sendPasswordResetEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail the reset link (off: the app sends it, from the resetPasswordInstructionsSent event).',
  }),
  sendPasswordResetNoticeEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a notice after a successful reset.',
  }),
  autoLoginAfterReset: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'A successful reset signs the user in.',
  }),
  postResetView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after resetting; null means loginUrl (or postLoginView when signed in).',
  }),

  // Change password (changeable)
  changeable: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /change.',
  }),
  changeUrl: opt<string>({
    kind: 'string',
    default: '/change',
    origin: 'flask-security',
    doc: 'Change password endpoint.',
  }),
  sendPasswordChangeEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a notice after a password change.',
  }),
  postChangeView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after changing the password; null means postLoginView.',
  }),

  // Change email
  changeEmail: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /change-email.',
  }),
  changeEmailUrl: opt<string>({
    kind: 'string',
    default: '/change-email',
    origin: 'flask-security',
    doc: 'Change email endpoint; the link goes to <changeEmailUrl>/<token>.',
  }),
  changeEmailWithin: opt<number>({
    kind: 'duration',
    default: 2 * HOUR,
    origin: 'flask-security',
    doc: 'How long a change-email confirmation link works.',
  }),
  postChangeEmailView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after confirming a new email; null means postLoginView.',
  }),

  // Change username and username recovery
  changeUsername: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /change-username (needs usernameEnable).',
  }),
  changeUsernameUrl: opt<string>({
    kind: 'string',
    default: '/change-username',
    origin: 'flask-security',
    doc: 'Change username endpoint.',
  }),
  sendUsernameChangeEmail: opt<boolean>({
    kind: 'boolean',
    default: true,
    origin: 'flask-security',
    doc: 'Mail a notice after a username change.',
  }),
  postChangeUsernameView: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: 'Where a browser goes after changing the username; null means postLoginView.',
  }),
  usernameRecovery: opt<boolean>({
    kind: 'boolean',
    default: false,
    origin: 'flask-security',
    doc: 'Enable /recover-username (mails the username to the account address).',
  }),
  usernameRecoveryUrl: opt<string>({
    kind: 'string',
    default: '/recover-username',
    origin: 'flask-security',
    doc: 'Username recovery endpoint.',
  }),
} as const;
