/** Picks the datastore for a database URL, as found in DATABASE_URL-style configuration. */
import { createPostgresDatastore } from './postgres.js';
import { createSqliteDatastore } from './sqlite.js';
import type { Datastore } from './types.js';

export interface OpenDatastoreOptions {
  /** Apply pending migrations on open (default true); false refuses an outdated schema instead. */
  migrate?: boolean;
  /** Prefix for Barbican's tables and indexes, e.g. "auth_". */
  tablePrefix?: string;
  /** The never-stale per-process session cache; default on (docs/performance.md). */
  sessionCache?: boolean;
}

/**
 * Opens and migrates the datastore a URL names: `sqlite:<path>`, `sqlite::memory:`,
 * `postgres://…` or `postgresql://…`. Only that database's driver is loaded.
 *
 * @example const store = await openDatastore(process.env.DATABASE_URL ?? 'sqlite:app.db', { migrate: false });
 */
export async function openDatastore(url: string, options: OpenDatastoreOptions = {}): Promise<Datastore> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return createPostgresDatastore({ ...options, connectionString: url });
  }
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length);
    // SQLAlchemy-style sqlite:///x reads as relative or absolute depending on the slash count;
    // refuse it rather than guess which file was meant.
    if (filename.startsWith('//')) {
      throw new Error(`Database URL ${url} is ambiguous: write sqlite:<path> (e.g. sqlite:/var/app.db)`);
    }
    if (filename === '') {
      throw new Error('Database URL sqlite: names no file: write sqlite:<path> or sqlite::memory:');
    }
    return createSqliteDatastore({ ...options, filename });
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(
    `Unsupported database URL scheme ${scheme}: use sqlite:<path>, sqlite::memory:, postgres:// or postgresql://`,
  );
}
