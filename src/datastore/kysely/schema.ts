/**
 * Kysely table interfaces for the tables `migrations.ts` creates.
 *
 * The same columns serve SQLite and PostgreSQL: instants are epoch milliseconds in 64-bit integer
 * columns and flags are 0/1 integers, so one set of queries and one row mapper fit both dialects.
 */
import type { ColumnType, Generated } from 'kysely';
import type { WebAuthnCredentialsTable, WebAuthnStatesTable } from './webauthn-schema.js';

/** A BIGINT: node-pg hands int8 back as a string (it may exceed 2^53), better-sqlite3 as a number. */
export type Int8 = ColumnType<number | string | bigint, number, number>;
export type NullableInt8 = ColumnType<number | string | bigint | null, number | null, number | null>;

/** 0 or 1: SQLite has no boolean type and better-sqlite3 refuses to bind JS booleans. */
export type Flag = number;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  /** `email` lower-cased in JS, so a case-insensitive lookup is one unique-index probe on both dialects. */
  email_lower: string;
  username: string | null;
  /** `username` lower-cased in JS (migration 3): usernames are unique and matched case-insensitively. */
  username_lower: string | null;
  password: string | null;
  active: Flag;
  fs_uniquifier: string;
  fs_token_uniquifier: string | null;
  confirmed_at: NullableInt8;
  last_login_at: NullableInt8;
  current_login_at: NullableInt8;
  last_login_ip: string | null;
  current_login_ip: string | null;
  login_count: number;
  create_datetime: Int8;
  update_datetime: Int8;
  /** Migration 0007 (two-factor); the TOTP secret is sealed (src/totp/totp-secret-cipher.ts). */
  tf_primary_method: string | null;
  tf_totp_secret: string | null;
  tf_totp_last_step: NullableInt8;
  tf_phone_number: string | null;
  /** Migration 0009 (WebAuthn): set on first registration. */
  fs_webauthn_user_handle: string | null;
  /** Migration 0010 (unified sign-in): E.164, unique; its own TOTP replay guard. */
  us_phone_number: string | null;
  us_totp_last_step: NullableInt8;
}

export interface RolesTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  /** JSON array of permission names, sorted and de-duplicated. */
  permissions: string;
  update_datetime: Int8;
}

export interface RolesUsersTable {
  user_id: number;
  role_id: number;
}

export interface SessionsTable {
  id_hash: string;
  fs_uniquifier: string;
  authenticated_at: Int8;
  csrf_secret: string;
  remember: Flag;
  created_at: Int8;
  expires_at: Int8;
  /** JSON object. */
  data: string;
  /** Migration 0011 (session management): null until first written / unknown. */
  last_seen_at: ColumnType<number | string | bigint | null, number | null | undefined, number | null>;
  ip: ColumnType<string | null, string | null | undefined, string | null>;
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  kind: string;
  /** Failed delivery attempts so far. */
  attempts: Generated<number>;
  created_at: Int8;
  /** When the next attempt is due; while a worker holds the message, the end of its lease. */
  next_attempt_at: Int8;
  sent_at: NullableInt8;
  last_error: string | null;
}

export interface LinkTokensTable {
  /** Hex SHA-256 of the token in the link. */
  token_hash: string;
  purpose: string;
  user_id: number;
  /** The user's fs_uniquifier at issue time (migration 0004); null for older links. */
  fs_uniquifier: string | null;
  /** JSON object. */
  data: string;
  created_at: Int8;
  expires_at: Int8;
  used_at: NullableInt8;
}

/** Migration 0007: one pending code per (subject, purpose); only a keyed MAC of the code. */
export interface OneTimeCodesTable {
  subject: string;
  purpose: string;
  id: string;
  code_mac: string;
  issued_at: Int8;
  expires_at: Int8;
  attempts: number;
}

/** Migration 0007: a first factor accepted, waiting for the second (src/auth/pending-login.ts). */
export interface PendingLoginsTable {
  id_hash: string;
  user_id: number;
  fs_uniquifier: string;
  csrf_secret: string;
  remember: Flag;
  method: string;
  attempts: number;
  created_at: Int8;
  expires_at: Int8;
}

/** Migration 0008: one row per unused recovery code; only a keyed MAC of the code. */
export interface RecoveryCodesTable {
  user_id: number;
  code_mac: string;
  created_at: Int8;
}

export interface Database {
  users: UsersTable;
  roles: RolesTable;
  roles_users: RolesUsersTable;
  sessions: SessionsTable;
  mail_outbox: MailOutboxTable;
  link_tokens: LinkTokensTable;
  one_time_codes: OneTimeCodesTable;
  pending_logins: PendingLoginsTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebAuthnCredentialsTable;
  webauthn_states: WebAuthnStatesTable;
  us_methods: UsMethodsTable;
}

/** Migration 0010: one row per unified-sign-in method a user set up; only the authenticator has a secret. */
export interface UsMethodsTable {
  user_id: number;
  method: string;
  totp_secret: string | null;
  created_at: Int8;
}

/** Which SQL the queries and migrations must speak. */
export type SqlDialect = 'sqlite' | 'postgres';
