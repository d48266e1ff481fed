/**
 * The `credential` field: a JSON string of what @simplewebauthn/browser's startRegistration /
 * startAuthentication returned (upstream's wire shape). Parsed and shape-checked here, so the
 * verifying library only ever sees the fields it expects, as strings of sane length; anything else
 * is a 400 (API_ERROR), never a 500.
 */
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/** Far above any real credential (attestation objects with certificate chains are a few kB). */
const MAX_CREDENTIAL_CHARS = 64 * 1024;
const MAX_FIELD_CHARS = 32 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const TRANSPORTS: readonly string[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

type Json = Record<string, unknown>;

function parseObject(text: string): Json | null {
  if (text.length === 0 || text.length > MAX_CREDENTIAL_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isObject(value) ? value : null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function base64url(value: unknown, required: boolean): string | undefined | null {
  if (value === undefined || value === null) return required ? null : undefined;
  if (typeof value !== 'string' || value.length > MAX_FIELD_CHARS || !BASE64URL.test(value)) return null;
  if (required && value.length === 0) return null;
  return value;
}

/** id, rawId and type, common to both ceremonies. */
function parseEnvelope(text: string): { root: Json; response: Json; id: string } | null {
  const root = parseObject(text);
  if (root?.type !== 'public-key' || !isObject(root.response)) return null;
  const id = base64url(root.id, true);
  const rawId = base64url(root.rawId ?? root.id, true);
  if (!id || !rawId || rawId !== id) return null;
  return { root, response: root.response, id };
}

/** What the browser said about discoverability (credProps.rk); null when it did not say. */
export function credPropsRk(root: { clientExtensionResults?: unknown }): boolean | null {
  const results = root.clientExtensionResults;
  if (!isObject(results) || !isObject(results.credProps)) return null;
  const rk = results.credProps.rk;
  return typeof rk === 'boolean' ? rk : null;
}

export function parseRegistrationCredential(text: string): RegistrationResponseJSON | null {
  const envelope = parseEnvelope(text);
  if (!envelope) return null;
  const { root, response, id } = envelope;
  const clientDataJSON = base64url(response.clientDataJSON, true);
  const attestationObject = base64url(response.attestationObject, true);
  if (!clientDataJSON || !attestationObject) return null;
  const transports: AuthenticatorTransportFuture[] = [];
  if (response.transports !== undefined) {
    if (!Array.isArray(response.transports) || response.transports.length > TRANSPORTS.length) return null;
    for (const transport of response.transports) {
      // Unknown names are future transports, not errors: kept out of storage.
      if (typeof transport !== 'string') return null;
      if (TRANSPORTS.includes(transport)) transports.push(transport as AuthenticatorTransportFuture);
    }
  }
  const rk = credPropsRk(root);
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: { clientDataJSON, attestationObject, transports },
    clientExtensionResults: rk === null ? {} : { credProps: { rk } },
  };
}

export function parseAuthenticationCredential(text: string): AuthenticationResponseJSON | null {
  const envelope = parseEnvelope(text);
  if (!envelope) return null;
  const { response, id } = envelope;
  const clientDataJSON = base64url(response.clientDataJSON, true);
  const authenticatorData = base64url(response.authenticatorData, true);
  const signature = base64url(response.signature, true);
  const userHandle = base64url(response.userHandle, false);
  if (!clientDataJSON || !authenticatorData || !signature || userHandle === null) return null;
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON,
      authenticatorData,
      signature,
      ...(userHandle ? { userHandle } : {}),
    },
    clientExtensionResults: {},
  };
}
