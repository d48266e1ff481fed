/**
 * Recovery codes without HTTP: a new set (shown once, stored only as keyed MACs, voiding the old
 * set) and using one in place of a second factor (deleted as it is used). Flask-Security keeps
 * them readable and shows them again on every GET; here nobody can read them back.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SecurityCore } from '../../core.js';
import { deriveKey } from '../../crypto/keys.js';
import type { User } from '../../datastore/types.js';

const keys = new WeakMap<SecurityCore, Buffer>();

function keyOf(core: SecurityCore): Buffer {
  let key = keys.get(core);
  if (!key) {
    key = deriveKey(core.config.secretKey, 'recovery-code');
    keys.set(core, key);
  }
  return key;
}

/** 64 random bits as four groups of four hex digits ("3f9a-0c41-…"). */
function generateRecoveryCode(): string {
  return (randomBytes(8).toString('hex').match(/.{4}/g) ?? []).join('-');
}

/** Lower-case hex digits only, so "3F9A 0C41 …" and "3f9a-0c41-…" are the same code. */
function normalize(code: string): string | null {
  const digits = code.toLowerCase().replace(/[\s-]/g, '');
  return /^[0-9a-f]{16}$/.test(digits) ? digits : null;
}

/** Bound to the user: a code (or its stored MAC) from one account means nothing for another. */
function codeMAC(core: SecurityCore, user: User, digits: string): string {
  return createHmac('sha256', keyOf(core)).update(`${user.id}:${digits}`).digest('base64url');
}

/** A new set of multiFactorRecoveryCodesN codes for the user; the old set stops working. */
export async function generateRecoveryCodes(core: SecurityCore, user: User): Promise<string[]> {
  const codes = Array.from({ length: core.config.multiFactorRecoveryCodesN }, generateRecoveryCode);
  const macs = codes.map((code) => codeMAC(core, user, normalize(code) ?? ''));
  await core.datastore.replaceRecoveryCodes(user.id, macs, core.clock.nowMs());
  return codes;
}

/** Uses one of the user's codes: true once per code. */
export async function useRecoveryCode(core: SecurityCore, user: User, code: string): Promise<boolean> {
  const digits = normalize(code);
  if (digits === null) return false;
  return core.datastore.consumeRecoveryCode(user.id, codeMAC(core, user, digits));
}
