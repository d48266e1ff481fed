/** Emails and usernames as typed on the command line: checked, normalized, and used to find users. */
import type { User, UserDatastore } from '../datastore/types.js';

export type IdentityCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: string };

// RFC 5321 §4.5.3.1: 64 octets of local part, 254 for the whole address as it fits in a path.
const LOCAL_PART_MAX_OCTETS = 64;
const ADDRESS_MAX_OCTETS = 254;
const SPACE_OR_CONTROL = /[\s\p{Cc}]/u;

function invalid(reason: string): IdentityCheck {
  return { ok: false, reason };
}

/**
 * NFKC-normalized (as login normalizes what users type), trimmed, with a lower-cased domain.
 *
 * @example normalizeEmail(' Ann@Example.COM ', 255) // { ok: true, value: 'Ann@example.com' }
 */
export function normalizeEmail(input: string, maxLength: number): IdentityCheck {
  const email = input.normalize('NFKC').trim();
  const at = email.indexOf('@');
  if (at === -1 || email.indexOf('@', at + 1) !== -1) {
    return invalid('an email address has exactly one @');
  }
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local === '' || domain === '') {
    return invalid('an email address needs a name before the @ and a domain after it');
  }
  if (SPACE_OR_CONTROL.test(email)) {
    return invalid('an email address has no spaces or control characters');
  }
  if (domain.startsWith('.') || domain.endsWith('.') || domain.includes('..')) {
    return invalid('the domain has an empty label');
  }
  const octets = Buffer.byteLength(email, 'utf8');
  if (Buffer.byteLength(local, 'utf8') > LOCAL_PART_MAX_OCTETS || octets > ADDRESS_MAX_OCTETS) {
    return invalid('the address is too long');
  }
  if ([...email].length > maxLength) {
    return invalid(`the address is longer than ${maxLength} characters`);
  }
  return { ok: true, value: `${local}@${domain.toLowerCase()}` };
}

/** A username can never look like an email, so one identity argument names one kind of account. */
export function normalizeUsername(input: string, maxLength: number): IdentityCheck {
  const username = input.normalize('NFKC').trim();
  if (username === '') return invalid('a username cannot be empty');
  if (username.includes('@')) return invalid('a username has no @');
  if (SPACE_OR_CONTROL.test(username)) return invalid('a username has no spaces or control characters');
  if ([...username].length > maxLength) return invalid(`a username is at most ${maxLength} characters`);
  return { ok: true, value: username };
}

/** An argument with an @ is an email (matched case-insensitively); anything else a username. */
export async function findUser(store: UserDatastore, identity: string): Promise<User | null> {
  const value = identity.normalize('NFKC').trim();
  if (value === '') return null;
  return store.findUserByIdentity(value.includes('@') ? 'email' : 'username', value);
}
