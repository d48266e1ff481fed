/** The Datastore contract over any Kysely instance speaking SQLite or PostgreSQL. */
import type { Kysely } from 'kysely';
import type { SessionCache } from '../../auth/session-cache.js';
import type { OneTimeCodeStore } from '../../one-time-code/one-time-code-store.js';
import type {
  CreateRoleInput,
  CreateUserInput,
  Datastore,
  IdentityAttribute,
  LinkTokenRecord,
  NewLinkToken,
  OutboxEntry,
  OutboxMessage,
  PendingLoginRecord,
  Role,
  SessionRecord,
  TransactionStore,
  User,
  UserPatch,
} from '../types.js';
import type { UnifiedSigninProfile } from '../unified-signin-types.js';
import type {
  NewWebAuthnCredential,
  WebAuthnCredential,
  WebAuthnDeletion,
  WebAuthnStateRecord,
} from '../webauthn-types.js';
import * as linkTokens from './link-token-queries.js';
import { migrateToLatest, pendingMigrations } from './migrations.js';
import { createSqlOneTimeCodeStore } from './one-time-code-queries.js';
import * as outbox from './outbox-queries.js';
import { atomically, type QueryContext } from './query-context.js';
import * as recoveryCodes from './recovery-code-queries.js';
import * as roles from './role-queries.js';
import type { Database, SqlDialect } from './schema.js';
import * as sessions from './session-queries.js';
import { checkTablePrefix, TablePrefixPlugin } from './table-prefix-plugin.js';
import * as twoFactor from './two-factor-queries.js';
import * as unifiedSignin from './unified-signin-queries.js';
import * as users from './user-queries.js';
import * as webauthn from './webauthn-queries.js';

export interface KyselyDatastoreOptions {
  /** An app's own Kysely instance works: Barbican's queries only name its own tables. */
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** Prefix for Barbican's table and index names (e.g. "auth_"), so they never clash with the app's. */
  tablePrefix?: string;
  /**
   * Whether `close()` destroys `db` (default false: whoever opened a connection ends it, so an
   * app's own instance outlives the datastore). The SQLite and PostgreSQL factories set it for
   * the instance they create.
   */
  destroyOnClose?: boolean;
  /** A never-stale session cache in front of findSessionWithUser (the SQLite and PostgreSQL factories make one). */
  sessionCache?: SessionCache;
}

/** What migrations need: the unprefixed handle (the Migrator names its own tables) and the prefix. */
interface SchemaContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  readonly tablePrefix: string;
  readonly destroyOnClose: boolean;
}

class KyselyDatastore implements Datastore {
  readonly #ctx: QueryContext;
  readonly #schema: SchemaContext;
  readonly #sessionCache: SessionCache | undefined;

  constructor(ctx: QueryContext, schema: SchemaContext, sessionCache?: SessionCache) {
    this.#ctx = ctx;
    this.#schema = schema;
    this.#sessionCache = sessionCache;
  }

  findUserByIdentity(attribute: IdentityAttribute, value: string): Promise<User | null> {
    return users.findUserByIdentity(this.#ctx, attribute, value);
  }
  findUserById(id: number): Promise<User | null> {
    return users.findUserById(this.#ctx, id);
  }
  findUserByUniquifier(fsUniquifier: string): Promise<User | null> {
    if (!this.#sessionCache) return users.findUserByUniquifier(this.#ctx, fsUniquifier);
    return this.#sessionCache.findUser(fsUniquifier, () =>
      users.findUserByUniquifier(this.#ctx, fsUniquifier),
    );
  }
  peekUserByUniquifier(fsUniquifier: string): User | undefined {
    return this.#sessionCache?.peekUser(fsUniquifier);
  }
  findUserByTokenUniquifier(value: string): Promise<User | null> {
    if (!this.#sessionCache) return users.findUserByTokenUniquifier(this.#ctx, value);
    return this.#sessionCache.findTokenUser(value, () => users.findUserByTokenUniquifier(this.#ctx, value));
  }
  peekUserByTokenUniquifier(value: string): User | undefined {
    return this.#sessionCache?.peekTokenUser(value);
  }
  createUser(input: CreateUserInput): Promise<User> {
    return users.createUser(this.#ctx, input);
  }
  updateUser(user: User, patch: UserPatch): Promise<User> {
    return users.updateUser(this.#ctx, user, patch);
  }
  deleteUser(user: User): Promise<boolean> {
    return users.deleteUser(this.#ctx, user);
  }
  activateUser(user: User): Promise<boolean> {
    return users.activateUser(this.#ctx, user);
  }
  deactivateUser(user: User): Promise<boolean> {
    return users.deactivateUser(this.#ctx, user);
  }
  setUniquifier(user: User, value?: string): Promise<User> {
    return users.setUniquifier(this.#ctx, user, value);
  }
  setTokenUniquifier(user: User, value?: string): Promise<User> {
    return users.setTokenUniquifier(this.#ctx, user, value);
  }
  resetUserAccess(user: User): Promise<User> {
    return users.resetUserAccess(this.#ctx, user);
  }

  createRole(input: CreateRoleInput): Promise<Role> {
    return roles.createRole(this.#ctx, input);
  }
  findRole(name: string): Promise<Role | null> {
    return roles.findRole(this.#ctx, name);
  }
  listRoles(): Promise<Role[]> {
    return roles.listRoles(this.#ctx);
  }
  deleteRole(name: string): Promise<boolean> {
    return roles.deleteRole(this.#ctx, name);
  }
  addRoleToUser(user: User, roleName: string): Promise<boolean> {
    return roles.addRoleToUser(this.#ctx, user, roleName);
  }
  removeRoleFromUser(user: User, roleName: string): Promise<boolean> {
    return roles.removeRoleFromUser(this.#ctx, user, roleName);
  }
  getUserRoles(user: User): Promise<Role[]> {
    return roles.getUserRoles(this.#ctx, user);
  }
  addPermissionsToRole(roleName: string, permissions: readonly string[]): Promise<Role> {
    return roles.addPermissionsToRole(this.#ctx, roleName, permissions);
  }
  removePermissionsFromRole(roleName: string, permissions: readonly string[]): Promise<Role> {
    return roles.removePermissionsFromRole(this.#ctx, roleName, permissions);
  }

  /**
   * Inside fn use only the store it is given: on SQLite the outer store waits for the one
   * connection the transaction holds, and on PostgreSQL it runs outside the transaction.
   */
  transaction<T>(fn: (store: TransactionStore) => Promise<T>): Promise<T> {
    return atomically(this.#ctx, (tx) => fn(tx === this.#ctx ? this : new KyselyDatastore(tx, this.#schema)));
  }

  createSession(record: SessionRecord): Promise<void> {
    return sessions.createSession(this.#ctx, record);
  }
  findSessionWithUser(idHash: string, nowMs: number): Promise<{ session: SessionRecord; user: User } | null> {
    if (!this.#sessionCache) return sessions.findSessionWithUser(this.#ctx, idHash, nowMs);
    return this.#sessionCache.find(idHash, nowMs, () =>
      sessions.findSessionWithUser(this.#ctx, idHash, nowMs),
    );
  }
  peekSessionWithUser(idHash: string, nowMs: number): { session: SessionRecord; user: User } | undefined {
    return this.#sessionCache?.peek(idHash, nowMs);
  }
  updateSession(
    idHash: string,
    patch: { authenticatedAt?: number; expiresAt?: number; data?: Record<string, unknown> },
  ): Promise<void> {
    return sessions.updateSession(this.#ctx, idHash, patch);
  }
  deleteSession(idHash: string): Promise<void> {
    return sessions.deleteSession(this.#ctx, idHash);
  }
  deleteUserSessions(fsUniquifier: string): Promise<number> {
    return sessions.deleteUserSessions(this.#ctx, fsUniquifier);
  }
  purgeExpiredSessions(nowMs: number): Promise<number> {
    return sessions.purgeExpiredSessions(this.#ctx, nowMs);
  }
  listUserSessions(fsUniquifier: string, nowMs: number): Promise<SessionRecord[]> {
    return sessions.listUserSessions(this.#ctx, fsUniquifier, nowMs);
  }
  async touchSession(idHash: string, times: { lastSeenAt: number; ifBefore: number }): Promise<boolean> {
    const touched = await sessions.touchSession(this.#ctx, idHash, times);
    // Only this session's last-seen time changed: it alone leaves the cache, not everything.
    if (touched) this.#sessionCache?.forget({ kind: 'session', idHash });
    return touched;
  }

  enqueueMail(message: OutboxMessage, nowMs: number): Promise<number> {
    return outbox.enqueueMail(this.#ctx, message, nowMs);
  }
  claimDueMail(nowMs: number, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    return outbox.claimDueMail(this.#ctx, nowMs, limit, leaseMs);
  }
  markMailSent(id: number, nowMs: number): Promise<void> {
    return outbox.markMailSent(this.#ctx, id, nowMs);
  }
  markMailFailed(id: number, error: string, nextAttemptAtMs: number): Promise<void> {
    return outbox.markMailFailed(this.#ctx, id, error, nextAttemptAtMs);
  }
  purgeSentMail(sentBeforeMs: number): Promise<number> {
    return outbox.purgeSentMail(this.#ctx, sentBeforeMs);
  }

  purgeExpiredLinkTokens(nowMs: number): Promise<number> {
    return linkTokens.purgeExpiredLinkTokens(this.#ctx, nowMs);
  }

  listMail(limit: number): Promise<OutboxEntry[]> {
    return outbox.listMail(this.#ctx, limit);
  }

  createLinkToken(record: NewLinkToken, options: { supersede: boolean }): Promise<void> {
    return linkTokens.createLinkToken(this.#ctx, record, options);
  }
  findLinkToken(tokenHash: string): Promise<LinkTokenRecord | null> {
    return linkTokens.findLinkToken(this.#ctx, tokenHash);
  }
  consumeLinkToken(tokenHash: string, nowMs: number): Promise<boolean> {
    return linkTokens.consumeLinkToken(this.#ctx, tokenHash, nowMs);
  }
  deleteUserLinkTokens(userId: number, purpose?: string): Promise<number> {
    return linkTokens.deleteUserLinkTokens(this.#ctx, userId, purpose);
  }

  recordTOTPStep(userId: number, step: number): Promise<boolean> {
    return twoFactor.recordTOTPStep(this.#ctx, userId, step);
  }
  createPendingLogin(record: PendingLoginRecord): Promise<void> {
    return twoFactor.createPendingLogin(this.#ctx, record);
  }
  findPendingLogin(
    idHash: string,
    nowMs: number,
  ): Promise<{ pending: PendingLoginRecord; user: User } | null> {
    return twoFactor.findPendingLogin(this.#ctx, idHash, nowMs);
  }
  countPendingLoginAttempt(idHash: string): Promise<number | null> {
    return twoFactor.countPendingLoginAttempt(this.#ctx, idHash);
  }
  deletePendingLogin(idHash: string): Promise<boolean> {
    return twoFactor.deletePendingLogin(this.#ctx, idHash);
  }
  purgeExpiredPendingLogins(nowMs: number): Promise<number> {
    return twoFactor.purgeExpiredPendingLogins(this.#ctx, nowMs);
  }
  oneTimeCodeStore(): OneTimeCodeStore {
    return createSqlOneTimeCodeStore(this.#ctx);
  }
  replaceRecoveryCodes(userId: number, codeMACs: readonly string[], nowMs: number): Promise<void> {
    return recoveryCodes.replaceRecoveryCodes(this.#ctx, userId, codeMACs, nowMs);
  }
  countRecoveryCodes(userId: number): Promise<number> {
    return recoveryCodes.countRecoveryCodes(this.#ctx, userId);
  }
  consumeRecoveryCode(userId: number, codeMAC: string): Promise<boolean> {
    return recoveryCodes.consumeRecoveryCode(this.#ctx, userId, codeMAC);
  }

  findUnifiedSigninProfile(userId: number): Promise<UnifiedSigninProfile> {
    return unifiedSignin.findUnifiedSigninProfile(this.#ctx, userId);
  }
  findUserByUsPhone(phone: string): Promise<User | null> {
    return unifiedSignin.findUserByUsPhone(this.#ctx, phone);
  }
  setUsMethod(
    userId: number,
    method: string,
    values: { totpSecret: string | null; phone?: string | null; nowMs: number },
  ): Promise<void> {
    return unifiedSignin.setUsMethod(this.#ctx, userId, method, values);
  }
  removeUsMethods(
    userId: number,
    methods: readonly string[],
    mustKeepOneOf: readonly string[] | null,
  ): Promise<boolean> {
    return unifiedSignin.removeUsMethods(this.#ctx, userId, methods, mustKeepOneOf);
  }
  recordUsTOTPStep(userId: number, step: number): Promise<boolean> {
    return unifiedSignin.recordUsTOTPStep(this.#ctx, userId, step);
  }

  createWebAuthnCredential(input: NewWebAuthnCredential): Promise<WebAuthnCredential> {
    return webauthn.createWebAuthnCredential(this.#ctx, input);
  }
  listWebAuthnCredentials(userId: number): Promise<WebAuthnCredential[]> {
    return webauthn.listWebAuthnCredentials(this.#ctx, userId);
  }
  findWebAuthnCredential(credentialId: string): Promise<WebAuthnCredential | null> {
    return webauthn.findWebAuthnCredential(this.#ctx, credentialId);
  }
  recordWebAuthnUse(
    credentialId: string,
    use: { signCount: number; backupState: boolean; nowMs: number },
  ): Promise<boolean> {
    return webauthn.recordWebAuthnUse(this.#ctx, credentialId, use);
  }
  markWebAuthnCounterRegressed(credentialId: string, nowMs: number): Promise<void> {
    return webauthn.markWebAuthnCounterRegressed(this.#ctx, credentialId, nowMs);
  }
  deleteWebAuthnCredential(
    userId: number,
    name: string,
    options?: { keepOneFirstFactor?: boolean },
  ): Promise<WebAuthnDeletion> {
    return webauthn.deleteWebAuthnCredential(this.#ctx, userId, name, options);
  }
  ensureWebAuthnUserHandle(userId: number): Promise<string> {
    return webauthn.ensureWebAuthnUserHandle(this.#ctx, userId);
  }
  findUserByWebAuthnUserHandle(userHandle: string): Promise<User | null> {
    return webauthn.findUserByWebAuthnUserHandle(this.#ctx, userHandle);
  }
  createWebAuthnState(record: WebAuthnStateRecord): Promise<void> {
    return webauthn.createWebAuthnState(this.#ctx, record);
  }
  consumeWebAuthnState(tokenHash: string): Promise<WebAuthnStateRecord | null> {
    return webauthn.consumeWebAuthnState(this.#ctx, tokenHash);
  }
  purgeExpiredWebAuthnStates(nowMs: number): Promise<number> {
    return webauthn.purgeExpiredWebAuthnStates(this.#ctx, nowMs);
  }

  migrate(): Promise<void> {
    return migrateToLatest(this.#schema.db, this.#schema.dialect, this.#schema.tablePrefix);
  }
  /** The shipped migrations this database has not run yet (empty when up to date). */
  pendingMigrations(): Promise<string[]> {
    return pendingMigrations(this.#schema.db, this.#schema.dialect, this.#schema.tablePrefix);
  }
  async close(): Promise<void> {
    await this.#sessionCache?.close();
    if (this.#schema.destroyOnClose) await this.#ctx.db.destroy();
  }
}

/**
 * A Datastore over an application's own Kysely instance. Run `migrate()` before first use, or use
 * openKyselyDatastore, which does (`createSqliteDatastore` and `createPostgresDatastore` too).
 *
 * @example
 * const store = createKyselyDatastore({ db, dialect: 'postgres', tablePrefix: 'auth_' });
 * await store.migrate();
 */
export function createKyselyDatastore(options: KyselyDatastoreOptions): KyselyDatastore {
  const tablePrefix = checkTablePrefix(options.tablePrefix ?? '');
  const db = tablePrefix === '' ? options.db : options.db.withPlugin(new TablePrefixPlugin(tablePrefix));
  return new KyselyDatastore(
    { db, dialect: options.dialect },
    {
      db: options.db,
      dialect: options.dialect,
      tablePrefix,
      destroyOnClose: options.destroyOnClose ?? false,
    },
    options.sessionCache,
  );
}

export type { KyselyDatastore };
