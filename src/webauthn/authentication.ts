/**
 * The authentication ceremony (WebAuthn §7.2) for the sign-in, second-factor and verify roles:
 * options listing the allowed credentials of a known user (or none, for a passkey that names its
 * user), then the browser's assertion checked against the state, externalUrl's origin and RP ID,
 * the credential's owner, usage and public key, and a sign count that must move forward.
 */
import { randomBytes } from 'node:crypto';
import {
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  type UserVerificationRequirement,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { RequestState } from '../context.js';
import type { User } from '../datastore/types.js';
import type { WebAuthnCredential, WebAuthnUsage } from '../datastore/webauthn-types.js';
import { humanDuration } from '../human-duration.js';
import { formatMessage, MESSAGES } from '../messages.js';
import { parseAuthenticationCredential } from './parse-credential.js';
import { causeOf, refusal, type WebAuthnRefusal } from './registration.js';
import { relyingParty } from './relying-party.js';
import { issueWanState, takeWanState } from './wan-state.js';

export interface AuthenticationStart {
  /** Upstream's `credential_options`: the request options object for the browser library. */
  readonly credentialOptions: PublicKeyCredentialRequestOptionsJSON;
  readonly wanState: string;
}

export interface AuthenticationSuccess {
  readonly ok: true;
  readonly user: User;
  readonly credential: WebAuthnCredential;
  /** The authenticator verified the user (UV flag): upstream counts such a sign-in as multi-factor. */
  readonly userVerified: boolean;
  /** What the caller stored with beginAuthentication (`data`), e.g. remember-me. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Upstream's default: discouraged when a second-factor key may answer, else preferred. */
export function defaultUserVerification(usage: readonly WebAuthnUsage[]): UserVerificationRequirement {
  return usage.includes('secondary') ? 'discouraged' : 'preferred';
}

/**
 * Options for an assertion. With a user, allowCredentials lists their credentials of `usage`;
 * with null, the browser offers any discoverable credential (a passkey) for this RP ID.
 *
 * @example
 * const { credentialOptions, wanState } = await beginAuthentication(state, null, {
 *   purpose: 'signin', usage: ['first'], userVerification: 'required', data: { remember: true },
 * });
 */
export async function beginAuthentication(
  state: RequestState,
  user: User | null,
  request: {
    purpose: 'signin' | 'verify';
    usage: readonly WebAuthnUsage[];
    /** Default: upstream's (defaultUserVerification). 'required' makes the check refuse no UV. */
    userVerification?: UserVerificationRequirement;
    /** Kept with the state and handed back by finishAuthentication. */
    data?: Readonly<Record<string, unknown>>;
  },
): Promise<AuthenticationStart> {
  const { config, datastore } = state.core;
  const rp = relyingParty(config);
  const userVerification = request.userVerification ?? defaultUserVerification(request.usage);
  const credentials = user ? await datastore.listWebAuthnCredentials(user.id) : [];
  const allowCredentials = credentials
    .filter((cred) => request.usage.includes(cred.usage))
    .map((cred) => ({
      id: cred.credentialId,
      transports: cred.transports as AuthenticatorTransportFuture[],
    }));
  const credentialOptions = await generateAuthenticationOptions({
    rpID: rp.id,
    challenge: randomBytes(32),
    timeout: config.wanSigninTimeout,
    userVerification,
    ...(user ? { allowCredentials } : {}),
  });
  const issued = await issueWanState(state, {
    purpose: request.purpose,
    userId: user?.id ?? null,
    withinSeconds: config.wanSigninWithin,
    data: {
      challenge: credentialOptions.challenge,
      usage: [...request.usage],
      userVerification,
      caller: request.data ?? {},
    },
  });
  return { credentialOptions, wanState: issued.token };
}

function decodeUserHandle(userHandle: string): string {
  return Buffer.from(userHandle, 'base64url').toString('utf8');
}

/**
 * Checks an assertion against its wan_state. `userId` pins the owner (the pending user of a
 * second factor, the signed-in user of verify); left out, a state issued to a user still accepts
 * only that user's key, and a state issued to nobody accepts the key's owner (passkey sign-in).
 */
export async function finishAuthentication(
  state: RequestState,
  answer: { wanState: string; credential: string },
  expected: { purpose: 'signin' | 'verify'; userId?: number },
): Promise<AuthenticationSuccess | WebAuthnRefusal> {
  const { core } = state;
  const { config, datastore } = core;
  const taken = await takeWanState(state, answer.wanState, {
    purpose: expected.purpose,
    ...(expected.userId !== undefined ? { userId: expected.userId } : {}),
  });
  if (!taken.ok) {
    return taken.failure === 'expired'
      ? refusal(null, formatMessage('WEBAUTHN_EXPIRED', { within: humanDuration(config.wanSigninWithin) }))
      : refusal(null, MESSAGES.API_ERROR);
  }
  const response = parseAuthenticationCredential(answer.credential);
  if (!response) return refusal('credential', MESSAGES.API_ERROR);
  const credential = await datastore.findWebAuthnCredential(response.id);
  // A key of someone else than the state's user reads as unknown: nothing said about its owner.
  if (!credential || (taken.userId !== null && credential.userId !== taken.userId)) {
    return refusal('credential', MESSAGES.WEBAUTHN_UNKNOWN_CREDENTIAL_ID);
  }
  const user = await datastore.findUserById(credential.userId);
  if (!user) return refusal('credential', MESSAGES.WEBAUTHN_ORPHAN_CREDENTIAL_ID);
  if (response.response.userHandle !== undefined) {
    const handle = await datastore.ensureWebAuthnUserHandle(user.id);
    if (decodeUserHandle(response.response.userHandle) !== handle) {
      return refusal('credential', MESSAGES.WEBAUTHN_MISMATCH_USER_HANDLE);
    }
  }
  const usage = Array.isArray(taken.data.usage) ? (taken.data.usage as unknown[]) : [];
  if (!usage.includes(credential.usage))
    return refusal('credential', MESSAGES.WEBAUTHN_CREDENTIAL_WRONG_USAGE);
  if (credential.counterRegressedAt !== null)
    return refusal('credential', MESSAGES.WEBAUTHN_COUNTER_REGRESSED);
  if (!user.active) return refusal('credential', MESSAGES.DISABLED_ACCOUNT);

  const rp = relyingParty(config);
  let info: Awaited<ReturnType<typeof verifyAuthenticationResponse>>['authenticationInfo'];
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: typeof taken.data.challenge === 'string' ? taken.data.challenge : '',
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      expectedType: 'webauthn.get',
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
        // 0 turns the library's own count check off: the regression is judged below, so it can be marked.
        counter: 0,
      },
      requireUserVerification: taken.data.userVerification === 'required',
    });
    if (!verified.verified)
      return refusal('credential', formatMessage('WEBAUTHN_NO_VERIFY', { cause: 'not verified' }));
    info = verified.authenticationInfo;
  } catch (error) {
    return refusal('credential', formatMessage('WEBAUTHN_NO_VERIFY', { cause: causeOf(error) }));
  }
  // WebAuthn §6.1.1: a count that does not move forward (0 after 0 excepted) may mean a clone.
  const stuck =
    info.newCounter <= credential.signCount && !(info.newCounter === 0 && credential.signCount === 0);
  const now = core.clock.nowMs();
  if (stuck) {
    await datastore.markWebAuthnCounterRegressed(credential.credentialId, now);
    core.events.emit('webauthnCounterRegressed', { user, name: credential.name });
    return refusal('credential', MESSAGES.WEBAUTHN_COUNTER_REGRESSED);
  }
  const recorded = await datastore.recordWebAuthnUse(credential.credentialId, {
    signCount: info.newCounter,
    backupState: info.credentialBackedUp,
    nowMs: now,
  });
  // Another assertion of this key recorded a count at least as high meanwhile: not this one's turn.
  if (!recorded) return refusal('credential', MESSAGES.WEBAUTHN_COUNTER_REGRESSED);
  const caller = typeof taken.data.caller === 'object' && taken.data.caller !== null ? taken.data.caller : {};
  return {
    ok: true,
    user,
    credential: {
      ...credential,
      signCount: info.newCounter,
      backupState: info.credentialBackedUp,
      lastUsedAt: now,
    },
    userVerified: info.userVerified,
    data: caller as Readonly<Record<string, unknown>>,
  };
}
