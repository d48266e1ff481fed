/**
 * What ties a sign-in code to the browser that asked for it: the hash of the visitor's CSRF secret,
 * which rides in the signed, HttpOnly session cookie (anonymous visitors included). A code mailed
 * to browser A then never signs in browser B, even when B has the code: Flask-Security 5.1.2 lets
 * any browser use it. Clients without cookies get a new secret each request, so they cannot use
 * codes at all; they sign in with the password or the authenticator.
 */
import { sessionCsrfSecret } from '../../auth/session.js';
import type { RequestState } from '../../context.js';
import { sha256Hex } from '../../crypto/random.js';

/** This browser's binding (creating its anonymous cookie when it has none yet). */
export async function browserBinding(state: RequestState): Promise<string> {
  return sha256Hex(`us-browser|${await sessionCsrfSecret(state)}`);
}
