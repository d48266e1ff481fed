/**
 * The SQL OneTimeCodeStore (src/one-time-code/one-time-code-store.ts), on SQLite and PostgreSQL:
 * each atomic step of the store contract is one statement.
 */
import type { Selectable } from 'kysely';
import type { OneTimeCodeRecord, OneTimeCodeStore } from '../../one-time-code/one-time-code-store.js';
import type { QueryContext } from './query-context.js';
import type { OneTimeCodesTable } from './schema.js';

function toRecord(row: Selectable<OneTimeCodesTable>): OneTimeCodeRecord {
  return {
    id: row.id,
    subject: row.subject,
    purpose: row.purpose,
    codeMAC: row.code_mac,
    issuedAtMs: Number(row.issued_at),
    expiresAtMs: Number(row.expires_at),
    attempts: row.attempts,
  };
}

export function createSqlOneTimeCodeStore(ctx: QueryContext): OneTimeCodeStore {
  const { db } = ctx;
  return {
    async put(record) {
      const columns = {
        id: record.id,
        code_mac: record.codeMAC,
        issued_at: record.issuedAtMs,
        expires_at: record.expiresAtMs,
        attempts: record.attempts,
      };
      // One statement: there is never a moment when the old and the new code are both pending.
      await db
        .insertInto('one_time_codes')
        .values({ subject: record.subject, purpose: record.purpose, ...columns })
        .onConflict((oc) => oc.columns(['subject', 'purpose']).doUpdateSet(columns))
        .execute();
    },

    async get(subject, purpose) {
      const row = await db
        .selectFrom('one_time_codes')
        .selectAll()
        .where('subject', '=', subject)
        .where('purpose', '=', purpose)
        .executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },

    async incrementAttempts(subject, purpose) {
      const row = await db
        .updateTable('one_time_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('subject', '=', subject)
        .where('purpose', '=', purpose)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },

    async delete(subject, purpose, id) {
      const result = await db
        .deleteFrom('one_time_codes')
        .where('subject', '=', subject)
        .where('purpose', '=', purpose)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteExpired(nowMs) {
      const result = await db
        .deleteFrom('one_time_codes')
        .where('expires_at', '<=', nowMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
