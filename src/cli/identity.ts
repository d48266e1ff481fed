/**
 * Emails and usernames as typed on the command line, through the app's own normaliser
 * (auth/identity-input.ts), so a user the CLI creates is found by the login form and vice versa:
 * the same IDNA-encoded domain, the same Unicode forms, the same refusals.
 */
import {
  type Checked,
  identityLookupValue,
  normalizeEmail,
  normalizeUsername,
} from '../auth/identity-input.js';
import type { User, UserDatastore } from '../datastore/types.js';
import type { CliSettings } from './cli-settings.js';

/** Login refuses longer identities before any lookup, so such an account could never sign in. */
function tooLong(input: string, settings: CliSettings): Checked | null {
  if (input.trim().length <= settings.maxIdentityLength) return null;
  return { ok: false, message: `Longer than ${settings.maxIdentityLength} characters (maxIdentityLength)` };
}

/** @example checkEmail(' Ann@Bücher.example ', settings) // { ok: true, value: 'Ann@xn--bcher-kva.example' } */
export function checkEmail(input: string, settings: CliSettings): Checked {
  return tooLong(input, settings) ?? normalizeEmail(input);
}

/** The app's username rules (usernameNormalizeForm, lengths, letters and digits: never an @). */
export function checkUsername(input: string, settings: CliSettings): Checked {
  return tooLong(input, settings) ?? normalizeUsername(input, settings);
}

/** An argument with an @ is an email (matched case-insensitively); anything else a username. */
export async function findUser(
  store: UserDatastore,
  identity: string,
  settings: CliSettings,
): Promise<User | null> {
  const value = identity.trim();
  if (value === '') return null;
  const attribute = value.includes('@') ? 'email' : 'username';
  const lookup = identityLookupValue(attribute, value, settings);
  return lookup === null ? null : store.findUserByIdentity(attribute, lookup);
}
