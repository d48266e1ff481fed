/**
 * The account an identity typed at /us-signin names: any of userIdentityAttributes, then the
 * unified-sign-in phone number when "sms" is enabled (typed in any common format).
 */
import { findUserByIdentity } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import { normalizePhone } from '../../sms/normalize-phone.js';

/** Control characters (NUL among them) never appear in an identity; PostgreSQL refuses NUL in text. */
const CONTROL = /\p{Cc}/u;

export async function findSigninUser(core: SecurityCore, identity: string): Promise<User | null> {
  if (identity.length > core.config.maxIdentityLength || CONTROL.test(identity)) return null;
  const user = await findUserByIdentity(core, identity);
  if (user || !core.config.usEnabledMethods.includes('sms')) return user;
  const phone = normalizePhone(identity, core.config.phoneRegionDefault);
  return phone.valid ? core.datastore.findUserByUsPhone(phone.phone) : null;
}
