/**
 * The registration ceremony (WebAuthn §7.1) on @simplewebauthn/server: options for the browser
 * with a single-use wan_state, then the browser's answer checked against the state's challenge,
 * externalUrl's origin and RP ID, and user verification only when the options required it.
 */
import { randomBytes } from 'node:crypto';
import {
  type AuthenticatorTransportFuture,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type UserVerificationRequirement,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { RequestState } from '../context.js';
import { DatastoreError } from '../datastore/errors.js';
import type { User } from '../datastore/types.js';
import type { WebAuthnCredential, WebAuthnUsage } from '../datastore/webauthn-types.js';
import { humanDuration } from '../human-duration.js';
import { formatMessage, MESSAGES } from '../messages.js';
import { credPropsRk, parseRegistrationCredential } from './parse-credential.js';
import { relyingParty } from './relying-party.js';
import { issueWanState, takeWanState } from './wan-state.js';

/** A refused ceremony step: a message for `credential` (field) or for the form (null). */
export interface WebAuthnRefusal {
  readonly ok: false;
  readonly field: 'credential' | null;
  readonly message: string;
}

export interface CeremonyStart {
  /** Upstream's `credential_options`: the options object for the browser library. */
  readonly credentialOptions: PublicKeyCredentialCreationOptionsJSON;
  readonly wanState: string;
}

export function refusal(field: 'credential' | null, message: string): WebAuthnRefusal {
  return { ok: false, field, message };
}

/** Upstream's authenticator selection: UV preferred for a first factor, discouraged for a second. */
function userVerificationFor(usage: WebAuthnUsage): UserVerificationRequirement {
  return usage === 'first' ? 'preferred' : 'discouraged';
}

/**
 * Options for a new credential of `user`, excluding the ones already registered. Upstream also
 * asks first-factor keys to be cross-platform; Barbican does not, so a passkey kept by the
 * device itself (the common kind today) can be a first factor.
 */
export async function beginRegistration(
  state: RequestState,
  user: User,
  request: { name: string; usage: WebAuthnUsage },
): Promise<CeremonyStart> {
  const { core } = state;
  const { config, datastore } = core;
  const rp = relyingParty(config);
  const handle = await datastore.ensureWebAuthnUserHandle(user.id);
  const existing = await datastore.listWebAuthnCredentials(user.id);
  const userVerification = userVerificationFor(request.usage);
  const credentialOptions = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    // Upstream hands authenticators the handle's UTF-8 bytes; keeping that, keys move over intact.
    userID: new TextEncoder().encode(handle),
    userName: user.username ?? user.email,
    userDisplayName: user.username ?? user.email,
    challenge: randomBytes(32),
    timeout: config.wanRegisterTimeout,
    attestationType: 'none',
    excludeCredentials: existing.map((cred) => ({
      id: cred.credentialId,
      // Stored transports were filtered to known names on the way in.
      transports: cred.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: {
      // Without user hints a sign-in has no identity to list keys for: only discoverable ones work.
      residentKey: config.wanAllowUserHints ? 'preferred' : 'required',
      userVerification,
    },
    extensions: { credProps: true },
  });
  const issued = await issueWanState(state, {
    purpose: 'register',
    userId: user.id,
    withinSeconds: config.wanRegisterWithin,
    data: {
      challenge: credentialOptions.challenge,
      name: request.name,
      usage: request.usage,
      userVerification,
    },
  });
  return { credentialOptions, wanState: issued.token };
}

function stringData(data: Readonly<Record<string, unknown>>, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : '';
}

/** The browser's answer to beginRegistration, stored as a credential of `user` when it verifies. */
export async function finishRegistration(
  state: RequestState,
  user: User,
  answer: { wanState: string; credential: string },
): Promise<{ ok: true; credential: WebAuthnCredential } | WebAuthnRefusal> {
  const { core } = state;
  const { config, datastore } = core;
  const taken = await takeWanState(state, answer.wanState, { purpose: 'register', userId: user.id });
  if (!taken.ok) {
    return taken.failure === 'expired'
      ? refusal(null, formatMessage('WEBAUTHN_EXPIRED', { within: humanDuration(config.wanRegisterWithin) }))
      : refusal(null, MESSAGES.API_ERROR);
  }
  const name = stringData(taken.data, 'name');
  const usage: WebAuthnUsage = taken.data.usage === 'first' ? 'first' : 'secondary';
  const response = parseRegistrationCredential(answer.credential);
  if (!response) return refusal('credential', MESSAGES.API_ERROR);
  const existing = await datastore.listWebAuthnCredentials(user.id);
  if (existing.some((cred) => cred.name === name)) {
    return refusal('credential', formatMessage('WEBAUTHN_NAME_INUSE', { name }));
  }
  const rp = relyingParty(config);
  let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
  try {
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: stringData(taken.data, 'challenge'),
      expectedOrigin: rp.origin,
      // Always given: left out, the library skips the RP ID hash check.
      expectedRPID: rp.id,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: taken.data.userVerification === 'required',
    });
    info = verified.registrationInfo;
  } catch (error) {
    return refusal('credential', formatMessage('WEBAUTHN_NO_VERIFY', { cause: causeOf(error) }));
  }
  if (!info) return refusal('credential', formatMessage('WEBAUTHN_NO_VERIFY', { cause: 'not verified' }));
  // The library stores what the authenticator data attests and never compares it with the id the
  // browser reported; a mismatch is a forged or broken answer, refused rather than stored.
  if (info.credential.id !== response.id) {
    return refusal('credential', formatMessage('WEBAUTHN_NO_VERIFY', { cause: 'credential id mismatch' }));
  }
  try {
    const credential = await datastore.createWebAuthnCredential({
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      signCount: info.credential.counter,
      transports: response.response.transports ?? [],
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backupState: info.credentialBackedUp,
      deviceType: info.credentialDeviceType,
      aaguid: info.aaguid,
      name,
      usage,
      discoverable: credPropsRk(response),
      createdAt: core.clock.nowMs(),
    });
    return { ok: true, credential };
  } catch (error) {
    if (!(error instanceof DatastoreError)) throw error;
    if (error.code === 'WEBAUTHN_CREDENTIAL_EXISTS')
      return refusal('credential', MESSAGES.WEBAUTHN_CREDENTIAL_ID_INUSE);
    if (error.code === 'WEBAUTHN_NAME_EXISTS') {
      return refusal('credential', formatMessage('WEBAUTHN_NAME_INUSE', { name }));
    }
    throw error;
  }
}

/** The library's reason, one line, for upstream's "Could not verify WebAuthn credential: …". */
export function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : 'invalid credential';
  return message.split('\n')[0]?.slice(0, 200) ?? 'invalid credential';
}
