/**
 * Migration 0012 (PostgreSQL only): triggers that NOTIFY every change a per-process session cache
 * must hear of, whoever writes it — another app process, the CLI, psql, an admin tool. Row
 * triggers name what changed, so a listener forgets one session or one user rather than all:
 * `s:<id_hash>` for an updated or deleted session, `i:<user id>` for an updated or deleted user
 * or a change of their roles, `*` for a role edit or a TRUNCATE. New sessions and users notify
 * nothing: a cache only ever holds rows that existed when it read them. NOTIFY is delivered at
 * commit (https://www.postgresql.org/docs/current/sql-notify.html), never for a rolled-back write.
 * Raw SQL, so names are spliced with the table prefix here (checked to be a plain identifier).
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { SqlDialect } from './schema.js';

/** The NOTIFY channel of a table prefix (all of a database's processes with that prefix share it). */
export function changeChannel(tablePrefix: string): string {
  return `${tablePrefix}barbican_changes`;
}

interface Trigger {
  readonly table: string;
  readonly events: string;
  readonly level: 'ROW' | 'STATEMENT';
  /** The payload, an SQL expression over OLD/NEW. */
  readonly payload: string;
}

const TRIGGERS: readonly Trigger[] = [
  { table: 'sessions', events: 'UPDATE OR DELETE', level: 'ROW', payload: `'s:' || OLD.id_hash` },
  { table: 'users', events: 'UPDATE OR DELETE', level: 'ROW', payload: `'i:' || OLD.id` },
  {
    table: 'roles_users',
    events: 'INSERT OR UPDATE OR DELETE',
    level: 'ROW',
    payload: `'i:' || (CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END)`,
  },
  { table: 'roles', events: 'UPDATE OR DELETE', level: 'STATEMENT', payload: `'*'` },
  { table: 'sessions', events: 'TRUNCATE', level: 'STATEMENT', payload: `'*'` },
  { table: 'users', events: 'TRUNCATE', level: 'STATEMENT', payload: `'*'` },
  { table: 'roles_users', events: 'TRUNCATE', level: 'STATEMENT', payload: `'*'` },
];

function triggerName(prefix: string, trigger: Trigger): string {
  const kind = trigger.events === 'TRUNCATE' ? 'truncate' : 'change';
  return `${prefix}barbican_${kind}_${trigger.table}`;
}

export function changeNotifySchema(dialect: SqlDialect, tablePrefix: string): Migration {
  const p = tablePrefix;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const trigger of TRIGGERS) {
        const fn = `${p}barbican_notify_${triggerName('', trigger).slice('barbican_'.length)}`;
        await sql
          .raw(
            `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
              `PERFORM pg_notify('${changeChannel(p)}', ${trigger.payload}); RETURN NULL; END $$`,
          )
          .execute(db);
        await sql
          .raw(
            `CREATE TRIGGER ${triggerName(p, trigger)} AFTER ${trigger.events} ON ${p}${trigger.table} ` +
              `FOR EACH ${trigger.level} EXECUTE FUNCTION ${fn}()`,
          )
          .execute(db);
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const trigger of TRIGGERS) {
        const fn = `${p}barbican_notify_${triggerName('', trigger).slice('barbican_'.length)}`;
        await sql
          .raw(`DROP TRIGGER IF EXISTS ${triggerName(p, trigger)} ON ${p}${trigger.table}`)
          .execute(db);
        await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
      }
    },
  };
}
