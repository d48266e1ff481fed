/**
 * Verifying an identity and password: the one step login, verify and Basic authentication share.
 * Unknown identities still pay for a full hash verification so timing does not reveal existence,
 * and "disabled"/"unconfirmed" are only revealed after a correct password (Flask-Security's order).
 */
import type { SecurityCore } from '../core.js';
import type { IdentityAttribute, User } from '../datastore/types.js';
import { normalizeEmail } from './identity-input.js';

export type PasswordCheckFailure =
  | 'IDENTITY_NOT_PROVIDED'
  | 'IDENTITY_TOO_LONG'
  | 'INVALID_EMAIL_ADDRESS'
  | 'USER_DOES_NOT_EXIST'
  | 'PASSWORD_NOT_PROVIDED'
  | 'INVALID_PASSWORD'
  | 'CONFIRMATION_REQUIRED'
  | 'DISABLED_ACCOUNT';

export type PasswordCheckResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: PasswordCheckFailure; readonly field: 'email' | 'password' };

// Deliberately loose: one @, no spaces, a dot-free local part allowed, a domain with a dot or not.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/u;

export function looksLikeEmail(value: string): boolean {
  return EMAIL_SHAPE.test(value);
}

/** The form an identity is stored in: what registration and the change endpoints write. */
function storedForm(core: SecurityCore, attribute: IdentityAttribute, identity: string): string | null {
  if (attribute === 'email') {
    if (!looksLikeEmail(identity)) return null;
    const email = normalizeEmail(identity);
    return email.ok ? email.value : identity;
  }
  const form = core.config.usernameNormalizeForm as 'NFC' | 'NFD' | 'NFKC' | 'NFKD' | null;
  return form ? identity.normalize(form) : identity;
}

/** Finds the user an identity string names, trying the configured attributes in order. */
export async function findUserByIdentity(core: SecurityCore, identity: string): Promise<User | null> {
  for (const attribute of core.config.userIdentityAttributes as readonly IdentityAttribute[]) {
    const value = storedForm(core, attribute, identity);
    if (value === null) continue;
    const user = await core.datastore.findUserByIdentity(attribute, value);
    if (user) return user;
  }
  return null;
}

export function isConfirmationMissing(core: SecurityCore, user: User): boolean {
  return core.config.confirmable && !core.config.loginWithoutConfirmation && user.confirmedAt === null;
}

/** Verifies a password against the user's hash, rehashing transparently when the hash is outdated. */
export async function verifyUserPassword(core: SecurityCore, user: User, password: string): Promise<boolean> {
  const normalized = core.passwordUtil.normalize(password);
  if (!user.password) {
    await core.hasher.verifyDummy(normalized);
    return false;
  }
  const result = await core.hasher.verify(normalized, user.password);
  if (result.valid && result.needsRehash) {
    await core.datastore.updateUser(user, { password: await core.hasher.hash(normalized) });
    core.events.emit('passwordRehashed', { user });
  }
  return result.valid;
}

export async function checkPassword(
  core: SecurityCore,
  identity: string | undefined,
  password: string | undefined,
): Promise<PasswordCheckResult> {
  const id = identity?.trim() ?? '';
  if (id === '') return { ok: false, reason: 'IDENTITY_NOT_PROVIDED', field: 'email' };
  if (id.length > core.config.maxIdentityLength)
    return { ok: false, reason: 'IDENTITY_TOO_LONG', field: 'email' };
  const onlyEmail =
    core.config.userIdentityAttributes.length === 1 && core.config.userIdentityAttributes[0] === 'email';
  if (onlyEmail && !looksLikeEmail(id)) return { ok: false, reason: 'INVALID_EMAIL_ADDRESS', field: 'email' };
  const user = await findUserByIdentity(core, id);
  if (!password) {
    return { ok: false, reason: 'PASSWORD_NOT_PROVIDED', field: 'password' };
  }
  if (!user) {
    await core.hasher.verifyDummy(core.passwordUtil.normalize(password));
    return { ok: false, reason: 'USER_DOES_NOT_EXIST', field: 'email' };
  }
  if (!(await verifyUserPassword(core, user, password))) {
    return { ok: false, reason: 'INVALID_PASSWORD', field: 'password' };
  }
  if (isConfirmationMissing(core, user))
    return { ok: false, reason: 'CONFIRMATION_REQUIRED', field: 'email' };
  if (!user.active) return { ok: false, reason: 'DISABLED_ACCOUNT', field: 'email' };
  return { ok: true, user };
}
