/**
 * Verifying an identity and password: the one step login, verify and Basic authentication share.
 * Unknown identities still pay for a full hash verification so timing does not reveal existence,
 * and "disabled"/"unconfirmed" are only revealed after a correct password (Flask-Security's order).
 */
import type { SecurityCore } from '../core.js';
import type { User } from '../datastore/types.js';
import { identityLookupValue, looksLikeEmail } from './identity-input.js';

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

/** Finds the user an identity string names, trying the configured attributes in order. */
export async function findUserByIdentity(core: SecurityCore, identity: string): Promise<User | null> {
  for (const attribute of core.config.userIdentityAttributes) {
    const value = identityLookupValue(attribute, identity, core.config);
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
