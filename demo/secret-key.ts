/**
 * The demo's fallback SECRET_KEY: generated once into `.secret-key` in the working directory, so
 * sessions survive a restart without the user having to invent a key. Real apps set SECRET_KEY.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoEnvError } from './demo-env-error.js';

export const SECRET_KEY_FILE = '.secret-key';

/** 32 random bytes, as Flask's docs suggest (`secrets.token_urlsafe()`); 43 base64url characters. */
const SECRET_KEY_BYTES = 32;
const SECRET_KEY_MIN_LENGTH = 32;

export interface StoredSecretKey {
  readonly secretKey: string;
  readonly path: string;
  /** True when this call generated the key (first start); false when it was read back. */
  readonly created: boolean;
}

/**
 * Reads `<cwd>/.secret-key`, or creates it (mode 0600) with a fresh random key when it is missing.
 * The key itself never reaches a message.
 *
 * @example const { secretKey } = loadOrCreateSecretKey(process.cwd());
 */
export function loadOrCreateSecretKey(cwd: string): StoredSecretKey {
  const path = join(cwd, SECRET_KEY_FILE);
  const generated = randomBytes(SECRET_KEY_BYTES).toString('base64url');
  try {
    // 'wx' fails when the file exists, so two demos starting at once never overwrite each other's key.
    writeFileSync(path, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { secretKey: generated, path, created: true };
  } catch (error) {
    if (!isCode(error, 'EEXIST')) {
      throw new DemoEnvError('SECRET_KEY', `is not set and ${path} could not be created (${codeOf(error)})`);
    }
  }
  return { secretKey: readStoredKey(path), path, created: false };
}

/** True when the key file can be read by the group or others (it should be 0600). */
export function isReadableByOthers(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}

function readStoredKey(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DemoEnvError('SECRET_KEY', `is not set and ${path} could not be read (${codeOf(error)})`);
  }
  const key = text.trim();
  if (key.length < SECRET_KEY_MIN_LENGTH) {
    throw new DemoEnvError(
      'SECRET_KEY',
      `is not set and ${path} holds no usable key (fewer than ${SECRET_KEY_MIN_LENGTH} characters); ` +
        'delete the file to generate a new one, or set SECRET_KEY',
    );
  }
  return key;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'unknown error';
}
