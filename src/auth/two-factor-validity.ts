/**
 * "Remember this device" (twoFactorAlwaysValidate false): after a remembered sign-in passes its
 * second factor, a signed cookie lets later password sign-ins of the same user on that browser skip
 * it for twoFactorLoginValidity. The cookie holds the user id, its expiry and a MAC of the user's
 * fs_uniquifier (never the uniquifier itself, a bearer secret), so it dies with a password change
 * or an access reset and never works for another user. Like upstream, logout keeps it.
 */
import { createHmac } from 'node:crypto';
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { deriveKey } from '../crypto/keys.js';
import { safeEqual, sign, unsign } from '../crypto/signer.js';
import type { User } from '../datastore/types.js';
import { parseCookies, serializeCookie } from '../http/cookies.js';

const keys = new WeakMap<SecurityCore, Buffer>();

function keyOf(core: SecurityCore): Buffer {
  let key = keys.get(core);
  if (!key) {
    key = deriveKey(core.config.secretKey, 'tf-validity');
    keys.set(core, key);
  }
  return key;
}

function uniquifierMAC(core: SecurityCore, user: User): string {
  return createHmac('sha256', keyOf(core)).update(`uniquifier:${user.fsUniquifier}`).digest('base64url');
}

/** Sets the cookie for `user` (the caller decides that remember and the config allow it). */
export function setTwoFactorValidityCookie(state: RequestState, user: User): void {
  const { core } = state;
  const lifetimeSeconds = core.config.twoFactorLoginValidity;
  const expiresAt = core.clock.nowMs() + lifetimeSeconds * 1000;
  const value = sign(keyOf(core), `${user.id}:${expiresAt}:${uniquifierMAC(core, user)}`);
  state.setCookies.push(
    serializeCookie(core.config.twoFactorValidityCookieName, value, {
      path: core.config.sessionCookiePath,
      domain: core.config.sessionCookieDomain,
      maxAgeInSeconds: lifetimeSeconds,
      httpOnly: true,
      secure: core.config.sessionCookieSecure,
      sameSite: 'Strict',
    }),
  );
}

/** True when this browser carries a live cookie for this very user and uniquifier. */
export function hasTwoFactorValidity(state: RequestState, user: User): boolean {
  const { core } = state;
  if (core.config.twoFactorAlwaysValidate) return false;
  const raw = parseCookies(state.header('cookie')).get(core.config.twoFactorValidityCookieName);
  if (!raw) return false;
  const payload = unsign(keyOf(core), raw);
  if (!payload) return false;
  const [userId, expiresAt, mac] = payload.split(':');
  if (userId !== String(user.id) || mac === undefined) return false;
  if (!(Number(expiresAt) > core.clock.nowMs())) return false;
  return safeEqual(mac, uniquifierMAC(core, user));
}
