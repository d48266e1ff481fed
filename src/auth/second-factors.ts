/**
 * Which second factors a user has, across features: the two-factor method (authenticator, email,
 * sms) and WebAuthn keys registered as 'secondary'. A sign-in waits for one of them; with more
 * than one the user chooses at /tf-select first (upstream's tf_select).
 */
import type { SecurityCore } from '../core.js';
import type { User } from '../datastore/types.js';

/** The second factor of WebAuthn keys registered with usage 'secondary'. */
export const WEBAUTHN_METHOD = 'webauthn';

/** The method of a pending sign-in that waits for the user to choose among their factors. */
export const SELECT_METHOD = 'tf_select';

/** The second factors `user` has set up, in upstream's order (code methods, then webauthn). */
export async function secondFactorMethods(core: SecurityCore, user: User): Promise<string[]> {
  const methods: string[] = [];
  // A method the config no longer lists is still required: dropping it must not drop the check.
  if (core.config.twoFactor && user.tfPrimaryMethod !== null) methods.push(user.tfPrimaryMethod);
  if (core.config.webauthn) {
    const keys = await core.datastore.listWebAuthnCredentials(user.id);
    if (keys.some((key) => key.usage === 'secondary')) methods.push(WEBAUTHN_METHOD);
  }
  return methods;
}
