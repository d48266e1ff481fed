/** GET /wan-register's `registered_credentials`: upstream's fields and spellings per key. */
import type { WebAuthnCredential } from '../../datastore/webauthn-types.js';

export interface RegisteredCredentialJSON {
  readonly name: string;
  readonly credential_id: string;
  readonly transports: readonly string[];
  /** ISO 8601 (UTC) of the last sign-in, or of the registration when never used. */
  readonly lastuse: string;
  readonly usage: string;
  readonly backup_state: boolean;
  /** py_webauthn's spelling, as upstream sends it: "single_device" or "multi_device". */
  readonly device_type: string;
  /** credProps.rk as the browser reported it, or "Unknown" (upstream's word) when it did not. */
  readonly discoverable: boolean | 'Unknown';
}

const DEVICE_TYPES: Readonly<Record<string, string>> = {
  singleDevice: 'single_device',
  multiDevice: 'multi_device',
};

export function registeredCredential(cred: WebAuthnCredential): RegisteredCredentialJSON {
  return {
    name: cred.name,
    credential_id: cred.credentialId,
    transports: cred.transports,
    lastuse: new Date(cred.lastUsedAt).toISOString(),
    usage: cred.usage,
    backup_state: cred.backupState,
    device_type: DEVICE_TYPES[cred.deviceType] ?? cred.deviceType,
    discoverable: cred.discoverable ?? 'Unknown',
  };
}
