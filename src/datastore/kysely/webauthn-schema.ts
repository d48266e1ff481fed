/** Kysely table interfaces of migration 0009 (WebAuthn); joined into Database in schema.ts. */
import type { Generated } from 'kysely';
import type { Flag, Int8, NullableInt8 } from './schema.js';

export interface WebAuthnCredentialsTable {
  id: Generated<number>;
  user_id: number;
  /** base64url, unique across all users. */
  credential_id: string;
  /** COSE key, base64url. */
  public_key: string;
  sign_count: Int8;
  /** JSON array of transport names. */
  transports: string;
  backup_eligible: Flag;
  backup_state: Flag;
  device_type: string;
  aaguid: string;
  name: string;
  usage: string;
  /** credProps.rk: 1, 0, or null when the browser did not report it. */
  discoverable: number | null;
  counter_regressed_at: NullableInt8;
  created_at: Int8;
  last_used_at: Int8;
}

export interface WebAuthnStatesTable {
  /** Hex SHA-256 of the wan_state the browser holds. */
  token_hash: string;
  purpose: string;
  user_id: number | null;
  binding_hash: string;
  /** JSON object. */
  data: string;
  created_at: Int8;
  expires_at: Int8;
}
