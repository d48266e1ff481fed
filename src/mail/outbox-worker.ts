/**
 * Delivers queued mail off the request path: claims due messages (a lease, so several processes
 * can run workers), sends them, and on failure retries with exponential back-off. A request only
 * inserts a row, so its timing does not depend on whether or how fast mail goes out. Bodies are
 * opened (mail-sealing.ts) only here, just before sending.
 */
import { createHmac } from 'node:crypto';
import type { Clock } from '../core.js';
import type { MailOutbox, OutboxEntry } from '../datastore/types.js';
import { MailSealError, openMailBodies } from './mail-sealing.js';
import type { Mailer } from './mailer.js';

export interface OutboxWorkerOptions {
  readonly outbox: MailOutbox;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly from: string;
  /** The 'mail-body' key the bodies were sealed under (core.keys['mail-body']). */
  readonly mailKey: Buffer;
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  /** Delay before retry number `attempt` (1-based). */
  readonly backoffMs?: (attempt: number) => number;
  readonly maxAttempts?: number;
  readonly onError?: (error: unknown, entry: OutboxEntry) => void;
}

export interface OutboxWorker {
  /** Delivers what is due now; resolves with the number sent. Runs are never concurrent. */
  runOnce(): Promise<number>;
  /** Schedules a run soon (after the current request's transaction has committed). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

/** A message that can never be sent is kept, with its error, and never claimed again. */
const NEVER_MS = Number.MAX_SAFE_INTEGER;

/**
 * `<id.mac@domain>`: the outbox id with its creation time, under a MAC of the mail key so two apps
 * (or two databases) sharing a sender domain never mint the same id, and the domain of the sender.
 */
export function stableMessageId(mailKey: Buffer, from: string, entry: OutboxEntry): string {
  const mac = createHmac('sha256', mailKey)
    .update(`message-id\0${entry.id}\0${entry.createdAt}`)
    .digest('base64url')
    .slice(0, 22);
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'barbican.invalid';
  return `<${entry.id}.${mac}@${domain}>`;
}

export function defaultBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 15 * 60 * 1000);
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const poll = options.pollIntervalMs ?? 5000;
  const batch = options.batchSize ?? 20;
  const lease = options.leaseMs ?? 60_000;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const maxAttempts = options.maxAttempts ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  async function deliver(entry: OutboxEntry): Promise<boolean> {
    try {
      const { text, html } = openMailBodies(options.mailKey, entry);
      await options.mailer.send({
        from: options.from,
        to: entry.to,
        subject: entry.subject,
        text,
        html,
        messageId: stableMessageId(options.mailKey, options.from, entry),
      });
    } catch (error) {
      if (error instanceof MailSealError) {
        // Sealed under an earlier secretKey: its links were signed under that key too and are dead,
        // so retrying cannot help. Kept (with the reason) for the operator; the user asks again.
        options.onError?.(error, entry);
        await options.outbox.markMailFailed(entry.id, error.message, NEVER_MS);
        return false;
      }
      options.onError?.(error, entry);
      const attempt = entry.attempts + 1;
      // After maxAttempts the message stays unsent with a far retry time: visible, never lost.
      const delay = attempt >= maxAttempts ? 24 * 3600 * 1000 : backoff(attempt);
      const reason = error instanceof Error ? error.message : String(error);
      await options.outbox.markMailFailed(entry.id, reason, options.clock.nowMs() + delay);
      return false;
    }
    // Sent. If recording that fails, the lease runs out and the mail may go again: delivery is
    // at-least-once, never at-most-once (a lost reset link is worse than a duplicate).
    await options.outbox.markMailSent(entry.id, options.clock.nowMs());
    return true;
  }

  async function drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await options.outbox.claimDueMail(options.clock.nowMs(), batch, lease);
      if (due.length === 0) return sent;
      for (const entry of due) if (await deliver(entry)) sent++;
      if (due.length < batch) return sent;
    }
  }

  const worker: OutboxWorker = {
    runOnce() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        let total = 0;
        do {
          again = false;
          total += await drain();
        } while (again);
        return total;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
    kick() {
      if (stopped) return;
      setImmediate(() => {
        worker.runOnce().catch(() => undefined);
      });
    },
    start() {
      if (!stopped) return;
      stopped = false;
      const tick = (): void => {
        worker
          .runOnce()
          .catch(() => undefined)
          .finally(() => {
            if (!stopped) schedule(poll);
          });
      };
      // Unref'd: a pending poll never keeps a process alive on its own.
      const schedule = (delay: number): void => {
        timer = setTimeout(tick, delay);
        timer.unref();
      };
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
  return worker;
}
