/**
 * TOTP secrets at rest: AES-256-GCM under versioned keys, so a key can be rotated without
 * locking anyone out. The key map mirrors Flask-Security's TOTP_SECRETS ({"1": "…", "2": "…"}):
 * the highest version encrypts, every listed version decrypts, and removing a version makes what
 * it sealed unreadable.
 *
 * Stored form: `v<version>:<base64url(iv | ciphertext | tag)>`. The version prefix is also the
 * GCM associated data, so relabelling a ciphertext with another version fails authentication.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit IVs for random-IV GCM
const TAG_BYTES = 16;
/** Key material shorter than this is a configuration mistake (Flask-Security's are 64 hex chars). */
const MIN_MATERIAL_LENGTH = 16;
const STORED_PATTERN = /^v([1-9][0-9]{0,8}):([A-Za-z0-9_-]+)$/;

export type OpenTOTPSecretResult =
  | { readonly ok: true; readonly secret: string; readonly needsRotation: boolean }
  | { readonly ok: false; readonly reason: 'MALFORMED' | 'UNKNOWN_KEY_VERSION' | 'TAMPERED' };

export interface TOTPSecretCipher {
  /** Encrypts under the newest key version. `boundTo` (e.g. the user id) must match on open. */
  seal(secret: string, options?: { boundTo?: string }): string;
  /** Decrypts; `needsRotation` says the value was sealed under an older version: re-seal and save. */
  open(stored: string, options?: { boundTo?: string }): OpenTOTPSecretResult;
  readonly currentVersion: number;
}

/** HKDF-SHA256 (RFC 5869): key material is text from config, never an AES key as it stands. */
function deriveAESKey(material: string, version: number): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'barbican', `barbican:totp-secret:v${version}`, 32));
}

function parseKeys(keys: Readonly<Record<string, string>>): Map<number, Buffer> {
  const derived = new Map<number, Buffer>();
  for (const [name, material] of Object.entries(keys)) {
    if (!/^[1-9][0-9]{0,8}$/.test(name)) {
      throw new TypeError(`TOTP secret key version "${name}" must be a positive integer`);
    }
    if (typeof material !== 'string' || material.length < MIN_MATERIAL_LENGTH) {
      throw new TypeError(`TOTP secret key version ${name} needs at least ${MIN_MATERIAL_LENGTH} characters`);
    }
    derived.set(Number(name), deriveAESKey(material, Number(name)));
  }
  if (derived.size === 0) throw new TypeError('TOTP secret keys: at least one version is needed');
  return derived;
}

function associatedData(version: number, boundTo: string | undefined): Buffer {
  return Buffer.from(`v${version}\0${boundTo ?? ''}`);
}

/**
 * @example
 * const cipher = createTOTPSecretCipher({ '1': process.env.TOTP_KEY_1!, '2': process.env.TOTP_KEY_2! });
 * const stored = cipher.seal(generateTOTPSecret(), { boundTo: String(user.id) }); // 'v2:…'
 * const opened = cipher.open(stored, { boundTo: String(user.id) });
 * if (opened.ok && opened.needsRotation) await save(cipher.seal(opened.secret, { boundTo: String(user.id) }));
 */
export function createTOTPSecretCipher(keys: Readonly<Record<string, string>>): TOTPSecretCipher {
  const derived = parseKeys(keys);
  const currentVersion = Math.max(...derived.keys());
  const currentKey = derived.get(currentVersion)!;

  return {
    currentVersion,
    seal(secret, options = {}) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(associatedData(currentVersion, options.boundTo));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]);
      return `v${currentVersion}:${sealed.toString('base64url')}`;
    },
    open(stored, options = {}) {
      const match = STORED_PATTERN.exec(stored);
      if (!match) return { ok: false, reason: 'MALFORMED' };
      const version = Number(match[1]);
      const key = derived.get(version);
      if (!key) return { ok: false, reason: 'UNKNOWN_KEY_VERSION' };
      const sealed = Buffer.from(match[2]!, 'base64url');
      if (sealed.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: 'MALFORMED' };
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(associatedData(version, options.boundTo));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
        const secret = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        return { ok: true, secret, needsRotation: version !== currentVersion };
      } catch {
        // final() throws when the tag does not authenticate: wrong key, edited bytes or wrong boundTo.
        return { ok: false, reason: 'TAMPERED' };
      }
    },
  };
}
