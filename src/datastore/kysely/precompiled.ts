/**
 * Queries on the per-request path, compiled once per Kysely instance instead of built and
 * compiled on every call (the query builder was the next cost after statement preparation).
 * The SQL comes from the builder, so both dialects stay correct; only the parameters change.
 */
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Build = (db: Kysely<Database>) => Compilable;

const compiledSql = new WeakMap<Build, WeakMap<Kysely<Database>, string>>();

/** Runs the query `build` makes (with placeholder values) with the given parameters, in order. */
export async function runPrecompiled<Row>(
  db: Kysely<Database>,
  build: Build,
  parameters: readonly unknown[],
): Promise<Row | undefined> {
  let byDb = compiledSql.get(build);
  if (!byDb) {
    byDb = new WeakMap();
    compiledSql.set(build, byDb);
  }
  let sqlText = byDb.get(db);
  if (sqlText === undefined) {
    sqlText = build(db).compile().sql;
    byDb.set(db, sqlText);
  }
  const result = await db.executeQuery<Row>(CompiledQuery.raw(sqlText, [...parameters]));
  return result.rows[0];
}
