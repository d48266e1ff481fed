/**
 * The outbox table, read directly (as a backup or a replica would be), never holds a live link:
 * queued bodies are sealed, delivered bodies are blanked — on SQLite and PostgreSQL — and the mail
 * still goes out over real SMTP with a link that works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { JOE } from '../../test/fixtures/demo-routes.js';
import { createMailApp, type MailApp } from '../../test/fixtures/mail-app.js';
import { createTestDatabase } from '../../test/services/postgres.js';
import { createPostgresDatastore } from '../datastore/postgres.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore } from '../datastore/types.js';

interface RawRow {
  readonly to_address: string;
  readonly subject: string;
  readonly text_body: string;
  readonly html_body: string;
  readonly sent_at: unknown;
}

interface RawDatabase {
  readonly datastore: Datastore;
  rows(): Promise<RawRow[]>;
  cleanup(): Promise<void>;
}

const SELECT = 'SELECT to_address, subject, text_body, html_body, sent_at FROM mail_outbox ORDER BY id';

async function sqliteDatabase(): Promise<RawDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'barbican-outbox-'));
  const filename = join(dir, 'app.db');
  const datastore = await createSqliteDatastore({ filename });
  return {
    datastore,
    async rows() {
      const reader = new BetterSqlite3(filename, { readonly: true });
      try {
        return reader.prepare(SELECT).all() as RawRow[];
      } finally {
        reader.close();
      }
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresDatabase(): Promise<RawDatabase> {
  const serverUrl = inject('postgresUrl');
  if (!serverUrl) throw new Error('PostgreSQL is not available in this run');
  const database = await createTestDatabase(serverUrl);
  const datastore = await createPostgresDatastore({ connectionString: database.url, max: 4 });
  return {
    datastore,
    async rows() {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query<RawRow>(SELECT)).rows;
      } finally {
        await client.end();
      }
    },
    cleanup: () => database.drop(),
  };
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
] as const)('the mail_outbox table on %s', (name, open) => {
  it.skipIf(name === 'PostgreSQL' && inject('postgresUrl') === null)(
    'holds the reset link neither before nor after delivery, and the delivered link works',
    async () => {
      const raw = await open();
      let app: MailApp | undefined;
      try {
        app = await createMailApp('sqlite', {
          datastore: raw.datastore,
          config: { recoverable: true, csrfIgnoreUnauthEndpoints: true },
        });
        const tokens: string[] = [];
        app.t.security.events.on('resetPasswordInstructionsSent', ({ token }) => {
          tokens.push(token);
        });
        const asked = await app.t.client().post('/reset', { json: { email: JOE.email } });
        expect(asked.status).toBe(200);
        expect(tokens).toHaveLength(1);
        const token = tokens[0] ?? 'missing';

        const queued = await raw.rows();
        expect(queued).toHaveLength(1);
        expect(queued[0]).toMatchObject({ to_address: JOE.email, sent_at: null });
        expect(queued[0]?.text_body).toMatch(/^sealed:v1:[\w-]+$/);
        expect(queued[0]?.html_body).toMatch(/^sealed:v1:[\w-]+$/);
        expect(JSON.stringify(queued)).not.toContain(token);
        expect(JSON.stringify(queued)).not.toContain('/reset/');

        const mail = await app.mailTo(JOE.email);
        expect(mail.text).toContain(`http://app.test/reset/${token}`);
        const delivered = await raw.rows();
        expect(delivered).toHaveLength(1);
        expect(delivered[0]).toMatchObject({ to_address: JOE.email, text_body: '', html_body: '' });
        expect(delivered[0]?.sent_at).not.toBeNull();
        expect(JSON.stringify(delivered)).not.toContain(token);

        const form = await app.t.client().getJson(app.linkPath(mail));
        expect(form.status).toBe(200);
      } finally {
        // createMailApp closes the datastore it was given (SQLite: with the Security).
        await app?.close();
        if (name === 'PostgreSQL') await raw.datastore.close().catch(() => undefined);
        await raw.cleanup();
      }
    },
  );
});
