/**
 * The SQLite change counter: `PRAGMA data_version` changes on this connection whenever another
 * connection (another process, the CLI, an app's own connection) has committed to the file
 * (https://sqlite.org/pragma.html#pragma_data_version); this connection's own writes do not
 * change it, so they are counted here as they run (write-tracking-dialect.ts). Asking costs one
 * prepared statement step, which in WAL mode opens and closes a read transaction (two `fcntl`
 * calls on the -shm file): well under a microsecond on bare metal, about 5 µs in a tight loop on a
 * VM where a system call costs 2–3 µs, and up to ~10 µs between other work there
 * (docs/performance.md).
 */
import type { Database as BetterSqlite3Database } from 'better-sqlite3';
import type { CacheChange, ChangeCounter } from '../../auth/session-cache.js';

export interface SqliteChangeCounter extends ChangeCounter {
  /** Called after each write and commit of this connection. */
  noteWrite(): void;
}

export function createSqliteChangeCounter(database: BetterSqlite3Database): SqliteChangeCounter {
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  let seen: unknown = dataVersion.get();
  let generation = 0;
  return {
    version() {
      if (!database.open) return ++generation;
      const current: unknown = dataVersion.get();
      if (current !== seen) {
        seen = current;
        generation += 1;
      }
      return generation;
    },
    maxStalenessMs: () => Number.POSITIVE_INFINITY,
    noteWrite() {
      generation += 1;
    },
    // data_version names no rows: every change is a change of everything.
    onChange(_listener: (change: CacheChange) => void) {},
    async close() {},
  };
}
