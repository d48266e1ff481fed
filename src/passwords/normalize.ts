/**
 * Unicode normalization of passwords before validation and hashing.
 *
 * NIST SP 800-63B §5.1.1.2 asks verifiers to normalize so that one password typed on two
 * keyboards (composed 'é' vs 'e' + combining acute, the 'ﬁ' ligature vs 'fi') hashes the same.
 */

export type NormalizeForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

const FORMS: readonly string[] = ['NFC', 'NFD', 'NFKC', 'NFKD'] satisfies NormalizeForm[];

/**
 * Returns `password` in the given Unicode normalization form; `null` returns it unchanged.
 *
 * @example normalizePassword('\uFB01sh', 'NFKD') // 'fish'
 */
export function normalizePassword(password: string, form: NormalizeForm | null): string {
  if (form === null) {
    return password;
  }
  // A form arriving from untyped config would otherwise surface as a bare RangeError at login.
  if (!FORMS.includes(form)) {
    throw new RangeError(`passwordNormalizeForm must be one of ${FORMS.join(', ')} or null, got ${form}`);
  }
  return password.normalize(form);
}
