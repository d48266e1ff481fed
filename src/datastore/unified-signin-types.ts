/** The storage contract of unified sign-in (migration 0010): the methods a user set up, the phone, the replay guard. */
import type { User } from './types.js';

/** What a user has set up for unified sign-in. A password is the user's `password`, not listed here. */
export interface UnifiedSigninProfile {
  /**
   * Method → its sealed TOTP secret ('authenticator', sealed under totpSecrets) or null (code
   * methods such as 'email' and 'sms', whose codes come from the one-time-code service).
   */
  readonly methods: Readonly<Record<string, string | null>>;
  /** E.164, set with the 'sms' method and cleared with it. */
  readonly phone: string | null;
  /** The last TOTP step the unified-sign-in authenticator accepted (replay refusal). */
  readonly totpLastStep: number | null;
}

export interface UnifiedSigninStore {
  /** The user's methods, phone and replay guard; an empty profile for a user with none. */
  findUnifiedSigninProfile(userId: number): Promise<UnifiedSigninProfile>;
  /** The user whose us_phone_number is this E.164 number (phone as an identity). */
  findUserByUsPhone(phone: string): Promise<User | null>;
  /**
   * Adds or replaces one method. `phone` (for 'sms') is stored as the user's number in the same
   * transaction; a number another user holds throws DatastoreError PHONE_EXISTS and changes nothing.
   */
  setUsMethod(
    userId: number,
    method: string,
    values: { totpSecret: string | null; phone?: string | null; nowMs: number },
  ): Promise<void>;
  /**
   * Removes the given methods (and the phone with 'sms') in one transaction, unless that would
   * leave none of `mustKeepOneOf`: then nothing changes and it returns false. Pass null when the
   * user keeps another way in (a password). Two racing removals cannot both pass the check.
   */
  removeUsMethods(
    userId: number,
    methods: readonly string[],
    mustKeepOneOf: readonly string[] | null,
  ): Promise<boolean>;
  /** As TwoFactorStore.recordTOTPStep, for the unified-sign-in authenticator: true for the one request that advanced it. */
  recordUsTOTPStep(userId: number, step: number): Promise<boolean>;
}
