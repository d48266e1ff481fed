/** What every query function runs against: a Kysely handle (maybe a transaction) and its dialect. */
import type { Kysely } from 'kysely';
import type { Database, SqlDialect } from './schema.js';

export interface QueryContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
}

/**
 * Runs fn in a transaction, or inside the caller's transaction when there already is one, so a
 * multi-statement step stays atomic and a caller's rollback still covers it.
 */
export async function atomically<T>(ctx: QueryContext, fn: (tx: QueryContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) {
    return fn(ctx);
  }
  return ctx.db.transaction().execute((trx) => fn({ db: trx, dialect: ctx.dialect }));
}
