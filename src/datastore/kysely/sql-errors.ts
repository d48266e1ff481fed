/** Recognises constraint violations from better-sqlite3 (SqliteError.code) and node-pg (SQLSTATE). */

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  // 23505 is unique_violation (PostgreSQL Appendix A).
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  // 23503 is foreign_key_violation.
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
