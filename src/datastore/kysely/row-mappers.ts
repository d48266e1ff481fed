/** Turns rows of either dialect into the library's User, Role, SessionRecord, … values. */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { LinkTokenRecord, OutboxEntry, Role, SessionRecord, User } from '../types.js';
import type { LinkTokensTable, MailOutboxTable, RolesTable, SessionsTable, UsersTable } from './schema.js';

/** 256 bits from the OS CSPRNG: a uniquifier is a bearer secret inside every session and token. */
export function newUniquifier(): string {
  return randomBytes(32).toString('hex');
}

function toMs(value: number | string | bigint): number {
  return Number(value);
}

function toNullableMs(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

function toDate(value: number | string | bigint | null): Date | null {
  return value === null ? null : new Date(Number(value));
}

export function dateToMs(value: Date | null): number | null {
  return value === null ? null : value.getTime();
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    password: row.password,
    active: row.active === 1,
    fsUniquifier: row.fs_uniquifier,
    fsTokenUniquifier: row.fs_token_uniquifier,
    confirmedAt: toDate(row.confirmed_at),
    lastLoginAt: toDate(row.last_login_at),
    currentLoginAt: toDate(row.current_login_at),
    lastLoginIp: row.last_login_ip,
    currentLoginIp: row.current_login_ip,
    loginCount: row.login_count,
    createdAt: new Date(toMs(row.create_datetime)),
    updatedAt: new Date(toMs(row.update_datetime)),
    tfPrimaryMethod: row.tf_primary_method,
    tfTotpSecret: row.tf_totp_secret,
    tfTotpLastStep: toNullableMs(row.tf_totp_last_step),
    tfPhoneNumber: row.tf_phone_number,
  };
}

/** Sorted and de-duplicated, the form the permissions column always holds. */
export function normalizePermissions(permissions: Iterable<string>): string[] {
  return [...new Set(permissions)].sort();
}

function parsePermissions(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) {
    return [];
  }
  return normalizePermissions(value.filter((item): item is string => typeof item === 'string'));
}

export function toRole(row: Selectable<RolesTable>): Role {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: parsePermissions(row.permissions),
  };
}

function parseData(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  // A JSON object parses to a plain object whose keys are strings.
  return value as Record<string, unknown>;
}

export function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    idHash: row.id_hash,
    fsUniquifier: row.fs_uniquifier,
    authenticatedAt: toMs(row.authenticated_at),
    csrfSecret: row.csrf_secret,
    remember: row.remember === 1,
    createdAt: toMs(row.created_at),
    expiresAt: toMs(row.expires_at),
    data: parseData(row.data),
    // Metadata is left out when unknown (null), so a record reads back as it was created.
    ...(row.last_seen_at === null ? {} : { lastSeenAt: toMs(row.last_seen_at) }),
    ...(row.ip === null ? {} : { ip: row.ip }),
    ...(row.user_agent === null ? {} : { userAgent: row.user_agent }),
  };
}

export function toOutboxEntry(row: Selectable<MailOutboxTable>): OutboxEntry {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    kind: row.kind,
    attempts: row.attempts,
    createdAt: toMs(row.created_at),
    nextAttemptAt: toMs(row.next_attempt_at),
    sentAt: toNullableMs(row.sent_at),
    lastError: row.last_error,
  };
}

export function toLinkToken(row: Selectable<LinkTokensTable>): LinkTokenRecord {
  return {
    tokenHash: row.token_hash,
    purpose: row.purpose,
    userId: row.user_id,
    fsUniquifier: row.fs_uniquifier,
    data: parseData(row.data),
    createdAt: toMs(row.created_at),
    expiresAt: toMs(row.expires_at),
    usedAt: toNullableMs(row.used_at),
  };
}
