/**
 * Link tokens for mail (confirm, reset, change-email): 32 random bytes plus an HMAC bound to the
 * purpose, so a token minted for one purpose never verifies for another and garbage is refused
 * without a database lookup. Only the SHA-256 of the token is stored, with the user, an expiry and
 * a used-at time: links are single-use, superseded by newer ones, and carry no user id. Each is
 * also bound to the user's fs_uniquifier at issue time (as upstream's signed tokens carry it), so a
 * password change, reset or deactivation kills it even if it escaped resetUserAccess's delete.
 */
import type { SecurityCore } from '../core.js';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { hmacBase64Url, safeEqual } from '../crypto/signer.js';
import type { LinkTokenRecord, LinkTokenStore, User, UserDatastore } from '../datastore/types.js';

export type LinkPurpose = 'confirm' | 'reset' | 'change-email' | 'us-signin';

const SHAPE = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

function mac(core: SecurityCore, purpose: LinkPurpose, random: string): string {
  return hmacBase64Url(core.keys['link-token'], `${purpose}|${random}`);
}

export async function issueLinkToken(
  core: SecurityCore,
  store: LinkTokenStore,
  user: User,
  options: { purpose: LinkPurpose; withinSeconds: number; data?: Record<string, unknown> },
): Promise<string> {
  const random = randomToken();
  const token = `${random}.${mac(core, options.purpose, random)}`;
  const now = core.clock.nowMs();
  await store.createLinkToken(
    {
      tokenHash: sha256Hex(token),
      purpose: options.purpose,
      userId: user.id,
      fsUniquifier: user.fsUniquifier,
      data: options.data ?? {},
      createdAt: now,
      expiresAt: now + options.withinSeconds * 1000,
    },
    { supersede: true },
  );
  return token;
}

export type LinkTokenCheck =
  | { readonly status: 'valid'; readonly record: LinkTokenRecord; readonly user: User }
  | { readonly status: 'expired'; readonly record: LinkTokenRecord; readonly user: User }
  | { readonly status: 'used'; readonly record: LinkTokenRecord; readonly user: User }
  | { readonly status: 'invalid' };

/**
 * Looks a token up without using it. Malformed, forged, unknown or orphaned tokens are 'invalid',
 * and so is an unused one whose user's fs_uniquifier has changed since it was issued.
 */
export async function checkLinkToken(
  core: SecurityCore,
  store: LinkTokenStore & Pick<UserDatastore, 'findUserById'>,
  token: string,
  purpose: LinkPurpose,
): Promise<LinkTokenCheck> {
  if (!SHAPE.test(token)) return { status: 'invalid' };
  const [random = '', signature = ''] = token.split('.');
  if (!safeEqual(signature, mac(core, purpose, random))) return { status: 'invalid' };
  const record = await store.findLinkToken(sha256Hex(token));
  if (!record || record.purpose !== purpose) return { status: 'invalid' };
  const user = await store.findUserById(record.userId);
  if (!user) return { status: 'invalid' };
  if (record.usedAt !== null) return { status: 'used', record, user };
  // Null (a link from before the binding existed) never matches: it may predate a password change.
  if (record.fsUniquifier !== user.fsUniquifier) return { status: 'invalid' };
  if (core.clock.nowMs() >= record.expiresAt) return { status: 'expired', record, user };
  return { status: 'valid', record, user };
}

/** Uses a valid token; false when another request used it first (atomic in the datastore). */
export function consumeLinkToken(
  core: SecurityCore,
  store: LinkTokenStore,
  record: LinkTokenRecord,
): Promise<boolean> {
  return store.consumeLinkToken(record.tokenHash, core.clock.nowMs());
}

/** An absolute link built from externalUrl, never from the request's Host header. */
export function externalLink(core: SecurityCore, path: string): string {
  return `${core.config.externalUrl}${path}`;
}
