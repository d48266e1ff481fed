/**
 * Short numeric codes sent by mail or SMS, shared by two-factor, unified sign-in and rescue.
 *
 * A code is random (uniform over 000000–999999), stored only as a keyed MAC bound to its user,
 * purpose, issue and delivery target, expires, works once, and gives way to the next code issued
 * for the same user and purpose. Each verification takes an attempt BEFORE comparing, atomically
 * in the store, so at most `maxAttempts` guesses are ever compared per code, however many arrive
 * at once. Flask-Security 5.1.2 re-sends the same code and allows unlimited guesses.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../core.js';
import { safeEqual } from '../crypto/signer.js';
import type { OneTimeCodeRecord, OneTimeCodeStore } from './one-time-code-store.js';

export const ONE_TIME_CODE_DIGITS = 6;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Longer input is cut before the MAC; it cannot match a 6-digit code anyway. */
const MAX_INPUT_LENGTH = 32;
/** Compared against when there is no record; the length of a real MAC, matching nothing. */
const NO_RECORD_MAC = 'A'.repeat(43);
const PURPOSE_PATTERN = /^[a-z0-9][a-z0-9:_-]{0,63}$/;

export interface OneTimeCodesOptions {
  readonly store: OneTimeCodeStore;
  /** At least 32 bytes, used for nothing else (derive it from the app secret with its own purpose). */
  readonly key: Buffer;
  readonly clock: Clock;
  /** Verifications allowed per code, right or wrong, before it is void (default 5). */
  readonly maxAttempts?: number;
}

export interface IssueOneTimeCodeInput {
  readonly subject: string;
  readonly purpose: string;
  readonly validForSeconds: number;
  /** Where the code goes (an E.164 number, an address): it then verifies only for that same target. */
  readonly target?: string;
}

export interface VerifyOneTimeCodeInput {
  readonly subject: string;
  readonly purpose: string;
  readonly code: string;
  readonly target?: string;
}

export type VerifyOneTimeCodeResult =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: 'NO_CODE' | 'EXPIRED' | 'TOO_MANY_ATTEMPTS' }
  /** `attemptsLeft` 0 means this wrong try voided the code: a new one must be requested. */
  | { readonly valid: false; readonly reason: 'INVALID_CODE'; readonly attemptsLeft: number };

export interface OneTimeCodes {
  /** Issues a new code, superseding any pending one; the caller sends `code` and forgets it. */
  issue(input: IssueOneTimeCodeInput): Promise<{ code: string; expiresAtMs: number }>;
  verify(input: VerifyOneTimeCodeInput): Promise<VerifyOneTimeCodeResult>;
  /** When the pending code was issued, for a minimum interval between sends; null if none is live. */
  pending(subject: string, purpose: string): Promise<{ issuedAtMs: number; expiresAtMs: number } | null>;
  /** Voids the pending code, e.g. when the method it belongs to is removed. */
  revoke(subject: string, purpose: string): Promise<void>;
}

function checkSlot(subject: string, purpose: string): void {
  if (subject.length === 0 || subject.length > 255) throw new TypeError('one-time code: bad subject');
  if (!PURPOSE_PATTERN.test(purpose)) throw new TypeError(`one-time code: bad purpose "${purpose}"`);
}

/**
 * @example
 * const codes = createOneTimeCodes({ store, key: deriveKey(secretKey, 'one-time-code'), clock });
 * const { code } = await codes.issue({ subject: String(user.id), purpose: 'tf-email', validForSeconds: 300 });
 * const result = await codes.verify({ subject: String(user.id), purpose: 'tf-email', code: input });
 */
export function createOneTimeCodes(options: OneTimeCodesOptions): OneTimeCodes {
  const { store, key, clock } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (key.length < 32) throw new TypeError('one-time code: the key must be at least 32 bytes');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError('one-time code: maxAttempts must be a positive integer');
  }

  // JSON of an array: an unambiguous encoding, so no two field sets share a MAC input.
  function mac(record: Pick<OneTimeCodeRecord, 'subject' | 'purpose' | 'id'>, target: string, code: string) {
    const input = JSON.stringify([record.subject, record.purpose, record.id, target, code]);
    return createHmac('sha256', key).update(input).digest('base64url');
  }

  return {
    async issue(input) {
      checkSlot(input.subject, input.purpose);
      if (!(input.validForSeconds > 0) || !Number.isFinite(input.validForSeconds)) {
        throw new TypeError('one-time code: validForSeconds must be a positive number');
      }
      const code = String(randomInt(0, 10 ** ONE_TIME_CODE_DIGITS)).padStart(ONE_TIME_CODE_DIGITS, '0');
      const issuedAtMs = clock.nowMs();
      const base = {
        id: randomBytes(16).toString('base64url'),
        subject: input.subject,
        purpose: input.purpose,
      };
      const expiresAtMs = issuedAtMs + input.validForSeconds * 1000;
      await store.put({
        ...base,
        codeMAC: mac(base, input.target ?? '', code),
        issuedAtMs,
        expiresAtMs,
        attempts: 0,
      });
      return { code, expiresAtMs };
    },

    async verify(input) {
      checkSlot(input.subject, input.purpose);
      const candidate = input.code.slice(0, MAX_INPUT_LENGTH).replace(/\s/g, '');
      const record = await store.incrementAttempts(input.subject, input.purpose);
      if (!record) {
        // Same MAC and compare as a real check, so a missing code costs the same CPU as a wrong one.
        safeEqual(mac({ ...input, id: '' }, input.target ?? '', candidate), NO_RECORD_MAC);
        return { valid: false, reason: 'NO_CODE' };
      }
      if (record.expiresAtMs <= clock.nowMs()) {
        await store.delete(record.subject, record.purpose, record.id);
        return { valid: false, reason: 'EXPIRED' };
      }
      if (record.attempts > maxAttempts) {
        await store.delete(record.subject, record.purpose, record.id);
        return { valid: false, reason: 'TOO_MANY_ATTEMPTS' };
      }
      if (safeEqual(mac(record, input.target ?? '', candidate), record.codeMAC)) {
        // Single use: of two requests racing with the right code, only the one that deletes wins.
        const consumed = await store.delete(record.subject, record.purpose, record.id);
        return consumed ? { valid: true } : { valid: false, reason: 'NO_CODE' };
      }
      const attemptsLeft = maxAttempts - record.attempts;
      if (attemptsLeft <= 0) await store.delete(record.subject, record.purpose, record.id);
      return { valid: false, reason: 'INVALID_CODE', attemptsLeft: Math.max(0, attemptsLeft) };
    },

    async pending(subject, purpose) {
      checkSlot(subject, purpose);
      const record = await store.get(subject, purpose);
      if (!record || record.expiresAtMs <= clock.nowMs()) return null;
      return { issuedAtMs: record.issuedAtMs, expiresAtMs: record.expiresAtMs };
    },

    async revoke(subject, purpose) {
      checkSlot(subject, purpose);
      const record = await store.get(subject, purpose);
      if (record) await store.delete(subject, purpose, record.id);
    },
  };
}
