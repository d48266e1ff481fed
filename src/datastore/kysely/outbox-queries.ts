/**
 * The durable mail outbox. Workers claim due mail by leasing it (pushing next_attempt_at past the
 * lease), so several processes can poll one table without sending a message twice.
 */
import type { OutboxEntry, OutboxMessage } from '../types.js';
import { atomically, type QueryContext } from './query-context.js';
import { toOutboxEntry } from './row-mappers.js';

/** Longest last_error kept, in code points: SMTP replies can carry whole transcripts. */
export const MAX_ERROR_LENGTH = 500;

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

/** NUL cannot be stored in a PostgreSQL text column, and an error we cannot record would loop. */
function truncateError(error: string): string {
  const clean = error.replaceAll('\0', '');
  return clean.length <= MAX_ERROR_LENGTH ? clean : [...clean].slice(0, MAX_ERROR_LENGTH).join('');
}

export async function enqueueMail(ctx: QueryContext, message: OutboxMessage, nowMs: number): Promise<number> {
  const row = await ctx.db
    .insertInto('mail_outbox')
    .values({
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      kind: message.kind,
      created_at: nowMs,
      next_attempt_at: nowMs,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * PostgreSQL: one statement. SKIP LOCKED lets a concurrent claimer pass over rows another one is
 * leasing instead of waiting for them; the CTE keeps each row's due time so the batch comes back
 * in due order (RETURNING has no ORDER BY).
 */
async function claimOnPostgres(
  ctx: QueryContext,
  nowMs: number,
  limit: number,
  leaseEndMs: number,
): Promise<OutboxEntry[]> {
  const rows = await ctx.db
    .with('due', (db) =>
      db
        .selectFrom('mail_outbox')
        .select(['id', 'next_attempt_at as due_at'])
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', nowMs)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .updateTable('mail_outbox')
    .from('due')
    .set({ next_attempt_at: leaseEndMs })
    .whereRef('mail_outbox.id', '=', 'due.id')
    .returningAll('mail_outbox')
    .returning('due.due_at')
    .execute();
  rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || a.id - b.id);
  return rows.map(toOutboxEntry);
}

/** SQLite: select then update inside one BEGIN IMMEDIATE transaction, which excludes every other writer. */
async function claimOnSqlite(
  ctx: QueryContext,
  nowMs: number,
  limit: number,
  leaseEndMs: number,
): Promise<OutboxEntry[]> {
  return atomically(ctx, async (tx) => {
    const due = await tx.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('next_attempt_at', '<=', nowMs)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    if (due.length === 0) {
      return [];
    }
    const ids = due.map((row) => row.id);
    const rows = await tx.db
      .updateTable('mail_outbox')
      .set({ next_attempt_at: leaseEndMs })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    const rank = new Map(ids.map((id, index) => [id, index]));
    rows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    return rows.map(toOutboxEntry);
  });
}

export async function claimDueMail(
  ctx: QueryContext,
  nowMs: number,
  limit: number,
  leaseMs: number,
): Promise<OutboxEntry[]> {
  assertPositiveInteger('limit', limit);
  assertPositiveInteger('leaseMs', leaseMs);
  const leaseEndMs = nowMs + leaseMs;
  return ctx.dialect === 'postgres'
    ? claimOnPostgres(ctx, nowMs, limit, leaseEndMs)
    : claimOnSqlite(ctx, nowMs, limit, leaseEndMs);
}

export async function markMailSent(ctx: QueryContext, id: number, nowMs: number): Promise<void> {
  // The first delivery time stands if a worker whose lease ran out reports the same message again.
  // The bodies go: a delivered mail's links are live for days, and the row stays for
  // sentMailRetention; the address, subject and kind remain for the operator.
  await ctx.db
    .updateTable('mail_outbox')
    .set({ sent_at: nowMs, text_body: '', html_body: '' })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

export async function markMailFailed(
  ctx: QueryContext,
  id: number,
  error: string,
  nextAttemptAtMs: number,
): Promise<void> {
  // A late failure report for a message another worker has since delivered is not a failure.
  await ctx.db
    .updateTable('mail_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: truncateError(error),
      next_attempt_at: nextAttemptAtMs,
    }))
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

export async function listMail(ctx: QueryContext, limit: number): Promise<OutboxEntry[]> {
  assertPositiveInteger('limit', limit);
  const rows = await ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toOutboxEntry);
}

export async function purgeSentMail(ctx: QueryContext, sentBeforeMs: number): Promise<number> {
  const result = await ctx.db
    .deleteFrom('mail_outbox')
    .where('sent_at', 'is not', null)
    .where('sent_at', '<', sentBeforeMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
