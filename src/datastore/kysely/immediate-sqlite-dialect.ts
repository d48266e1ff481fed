/**
 * Kysely's SQLite dialect with two changes for several processes sharing one database file:
 * transactions BEGIN IMMEDIATE, and migrations run inside one.
 *
 * A plain (deferred) BEGIN takes the write lock only at the first write; if another connection
 * wrote in between, SQLite answers SQLITE_BUSY at once and the busy timeout cannot help
 * (https://sqlite.org/lang_transaction.html). IMMEDIATE takes the lock up front, so writers queue
 * on the busy timeout instead. Kysely's adapter reports no transactional DDL for SQLite, but
 * SQLite has it; claiming it makes two processes migrating one file at start-up take turns.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
