/**
 * better-sqlite3 prepares a statement on every Kysely query unless the database hands out cached
 * ones: profiling the guarded path showed `prepare` as the largest single cost. Statements run
 * synchronously (all/run/get), so one prepared statement per SQL text is safe to reuse.
 */
import type { Database as BetterSqlite3Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

const MAX_STATEMENTS = 500;

export function withStatementCache(database: BetterSqlite3Database): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        // Schema changes (migrations) invalidate nothing here: SQLite re-prepares internally.
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value ?? '');
        cache.set(sql, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
