/**
 * Wraps a Kysely dialect so that every statement that is not a plain SELECT, and every commit,
 * reports itself once it has run: the session cache's "this process wrote" signal. It is taken
 * after the write (and again after its commit), so a read that began before it can never be
 * kept under a version taken after it.
 */
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

const READ = /^\s*select\b/i;

/**
 * Ends a write whose effect the caller reports to the cache precisely (one session's last-seen
 * time, which decides no access): it must not count as "anything may have changed", or every
 * session's once-a-minute sighting would empty the whole cache.
 */
export const PRECISE_WRITE_MARK = '/* barbican:precise-write */';

const unchanging = (sql: string): boolean => READ.test(sql) || sql.endsWith(PRECISE_WRITE_MARK);

class TrackedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #onWrite: () => void;

  constructor(inner: DatabaseConnection, onWrite: () => void) {
    this.inner = inner;
    this.#onWrite = onWrite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (unchanging(compiledQuery.sql)) return this.inner.executeQuery<R>(compiledQuery);
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } finally {
      this.#onWrite();
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (!unchanging(compiledQuery.sql)) this.#onWrite();
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

class WriteTrackingDriver implements Driver {
  readonly #inner: Driver;
  readonly #onWrite: () => void;
  // The SQLite driver hands out one connection for ever: wrap each connection once.
  readonly #wrapped = new WeakMap<DatabaseConnection, TrackedConnection>();

  constructor(inner: Driver, onWrite: () => void) {
    this.#inner = inner;
    this.#onWrite = onWrite;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let tracked = this.#wrapped.get(connection);
    if (!tracked) {
      tracked = new TrackedConnection(connection, this.#onWrite);
      this.#wrapped.set(connection, tracked);
    }
    return tracked;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.commitTransaction(connection);
    } finally {
      this.#onWrite();
    }
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }
  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    if (!this.#inner.savepoint) throw new Error('this database driver has no savepoints');
    await this.#inner.savepoint(connection, name, compile);
  }
  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    if (!this.#inner.rollbackToSavepoint) throw new Error('this database driver has no savepoints');
    await this.#inner.rollbackToSavepoint(connection, name, compile);
  }
  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    if (!this.#inner.releaseSavepoint) throw new Error('this database driver has no savepoints');
    await this.#inner.releaseSavepoint(connection, name, compile);
  }
  // The inner driver may keep private state on its own connection object (node-pg's release).
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(
      connection instanceof TrackedConnection ? connection.inner : connection,
    );
  }
  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** `dialect`, with `onWrite` called after each non-SELECT statement and each commit has run. */
export function withWriteTracking(dialect: Dialect, onWrite: () => void): Dialect {
  return {
    createDriver: () => new WriteTrackingDriver(dialect.createDriver(), onWrite),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => dialect.createIntrospector(db),
  };
}
