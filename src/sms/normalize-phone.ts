/**
 * Phone numbers typed by users, checked and brought to E.164 with libphonenumber-js's full
 * metadata ('max': real number ranges, not only lengths), as Flask-Security's PhoneUtil does with
 * the phonenumbers package. The canonical form is what gets stored, compared and texted.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { E164 } from './sms-sender.js';

/** Generous for any formatting of a 15-digit E.164 number; longer input is refused unparsed. */
export const MAX_PHONE_INPUT_LENGTH = 40;
/** Digits, one leading '+', and the separators people type. Letters (vanity numbers, "ext") are refused. */
const ALLOWED = /^\+?[0-9 ().\-/]+$/;

export type NormalizePhoneResult =
  | { readonly valid: true; readonly phone: E164 }
  | {
      readonly valid: false;
      /** Flask-Security's message key for every refusal. */
      readonly code: 'PHONE_INVALID';
      readonly reason: 'EMPTY' | 'TOO_LONG' | 'INVALID_CHARACTERS' | 'INVALID_NUMBER';
    };

function refuse(
  reason: 'EMPTY' | 'TOO_LONG' | 'INVALID_CHARACTERS' | 'INVALID_NUMBER',
): NormalizePhoneResult {
  return { valid: false, code: 'PHONE_INVALID', reason };
}

/**
 * National numbers are read in `defaultRegion` (Flask-Security's PHONE_REGION_DEFAULT, e.g. 'US');
 * international ones ('+44…', or '00 44…' where 00 is the region's exit code) need none.
 * An unknown region is a configuration mistake and throws.
 *
 * @example
 * normalizePhone('(201) 555-0123', 'US'); // { valid: true, phone: '+12015550123' }
 * normalizePhone('+44 20 7946 0958');     // { valid: true, phone: '+442079460958' }
 */
export function normalizePhone(input: string, defaultRegion?: string): NormalizePhoneResult {
  if (defaultRegion !== undefined && !isSupportedCountry(defaultRegion)) {
    throw new TypeError(`normalizePhone: unknown region "${defaultRegion}"`);
  }
  const trimmed = input.trim();
  if (trimmed.length === 0) return refuse('EMPTY');
  if (trimmed.length > MAX_PHONE_INPUT_LENGTH) return refuse('TOO_LONG');
  if (!ALLOWED.test(trimmed)) return refuse('INVALID_CHARACTERS');
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion);
  if (!parsed?.isValid()) return refuse('INVALID_NUMBER');
  return { valid: true, phone: parsed.number as E164 };
}
