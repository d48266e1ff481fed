/**
 * The one TOTP service two-factor, unified sign-in and rescue share: setup values for the page,
 * verification of a sealed secret with replay refusal, and re-sealing under the newest key.
 * Features hold only the sealed form; the plain secret never leaves this module except to be
 * shown once at setup.
 */
import type { Clock } from '../core.js';
import { renderQRCodeDataURL } from './qr-code.js';
import { createTOTPKeyURI, formatTOTPKey, generateTOTPSecret } from './totp-secret.js';
import { createTOTPSecretCipher } from './totp-secret-cipher.js';
import { verifyTOTP } from './verify-totp.js';

export interface TOTPServiceOptions {
  /** Version → key material, like Flask-Security's TOTP_SECRETS; the highest version encrypts. */
  readonly keys: Readonly<Record<string, string>>;
  /** The name authenticator apps show (TOTP_ISSUER). */
  readonly issuer: string;
  readonly clock: Clock;
}

/** What the setup page or JSON answer shows, plus the sealed secret to keep until setup completes. */
export interface TOTPSetup {
  readonly sealedSecret: string;
  /** The secret grouped by four, for typing by hand (upstream's `tf_authr_key`). */
  readonly key: string;
  readonly uri: string;
  /** data: URL of an SVG QR code of `uri` (upstream's `tf_authr_qrcode`). */
  readonly qrCodeDataURL: string;
  readonly issuer: string;
  readonly accountName: string;
}

export type TOTPServiceVerifyResult =
  | {
      readonly valid: true;
      /** Persist as the user's last used step (only if larger than the stored one, atomically). */
      readonly step: number;
      /** Non-null when the secret was sealed under an older key: store this instead. */
      readonly resealedSecret: string | null;
    }
  | { readonly valid: false; readonly reason: 'INVALID_CODE' | 'REPLAYED_CODE' | 'SECRET_UNREADABLE' };

export interface TOTPService {
  beginSetup(input: { subject: string; accountName: string }): Promise<TOTPSetup>;
  verify(input: {
    subject: string;
    sealedSecret: string;
    code: string;
    lastUsedStep: number | null;
  }): TOTPServiceVerifyResult;
}

/**
 * `subject` (the user id as text) is bound into every sealed secret, so a secret copied into
 * another user's row does not open there.
 *
 * @example
 * const totp = createTOTPService({ keys: config.totpSecrets, issuer: config.totpIssuer, clock });
 * const setup = await totp.beginSetup({ subject: String(user.id), accountName: user.email });
 * // later, with the code the user typed:
 * const result = totp.verify({ subject: String(user.id), sealedSecret: setup.sealedSecret, code, lastUsedStep: null });
 */
export function createTOTPService(options: TOTPServiceOptions): TOTPService {
  const cipher = createTOTPSecretCipher(options.keys);
  const { issuer, clock } = options;
  // Checked now, so a bad issuer fails at start-up rather than at a user's first setup.
  createTOTPKeyURI({ secret: generateTOTPSecret(), issuer, accountName: 'check' });

  return {
    async beginSetup({ subject, accountName }) {
      const secret = generateTOTPSecret();
      const uri = createTOTPKeyURI({ secret, issuer, accountName });
      return {
        sealedSecret: cipher.seal(secret, { boundTo: subject }),
        key: formatTOTPKey(secret),
        uri,
        qrCodeDataURL: await renderQRCodeDataURL(uri),
        issuer,
        accountName,
      };
    },

    verify({ subject, sealedSecret, code, lastUsedStep }) {
      const opened = cipher.open(sealedSecret, { boundTo: subject });
      if (!opened.ok) return { valid: false, reason: 'SECRET_UNREADABLE' };
      const result = verifyTOTP(opened.secret, code, { nowMs: clock.nowMs(), lastUsedStep });
      if (!result.valid) return result;
      const resealedSecret = opened.needsRotation ? cipher.seal(opened.secret, { boundTo: subject }) : null;
      return { valid: true, step: result.step, resealedSecret };
    },
  };
}
