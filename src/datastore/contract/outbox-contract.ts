/** Contract: the mail outbox — enqueue, leased claims, delivery outcomes, and transactions. */
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../types.js';
import type { StoreFixture } from './store-fixture.js';

class Boom extends Error {}

function mail(n: number, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    to: `user${n}@example.com`,
    subject: `Subject ${n}`,
    text: `Text ${n}`,
    html: `<p>Html ${n}</p>`,
    kind: 'confirm',
    ...overrides,
  };
}

const LEASE_MS = 60_000;

export function describeOutboxContract(fixture: StoreFixture): void {
  describe('mail outbox', () => {
    it('purges delivered mail older than the cut-off, never unsent mail', async () => {
      const old = await fixture.store.enqueueMail(mail(1), 1_000);
      const recent = await fixture.store.enqueueMail(mail(2), 1_000);
      const unsent = await fixture.store.enqueueMail(mail(3), 1_000);
      await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      await fixture.store.markMailSent(old, 2_000);
      await fixture.store.markMailSent(recent, 9_000);
      await fixture.store.markMailFailed(unsent, 'down', 3_000);
      expect(await fixture.store.purgeSentMail(5_000)).toBe(1);
      expect((await fixture.store.listMail(10)).map((m) => m.id).sort()).toEqual([recent, unsent].sort());
      expect(await fixture.store.purgeSentMail(5_000)).toBe(0);
    });

    it('stores an enqueued message as due at once, unsent and never attempted', async () => {
      const message = mail(1, { subject: 'Grüße ✉️', kind: 'reset-instructions' });
      const id = await fixture.store.enqueueMail(message, 1_000);
      expect(await fixture.store.listMail(10)).toEqual([
        {
          ...message,
          id,
          attempts: 0,
          createdAt: 1_000,
          nextAttemptAt: 1_000,
          sentAt: null,
          lastError: null,
        },
      ]);
    });

    it('claims only due messages and leases them until the lease ends', async () => {
      const id = await fixture.store.enqueueMail(mail(1), 1_000);
      expect(await fixture.store.claimDueMail(999, 10, LEASE_MS)).toEqual([]);
      const [claimed, ...rest] = await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      expect(rest).toEqual([]);
      expect(claimed).toMatchObject({ id, attempts: 0, nextAttemptAt: 1_000 + LEASE_MS, sentAt: null });
      expect(await fixture.store.claimDueMail(1_000, 10, LEASE_MS)).toEqual([]);
      expect(await fixture.store.claimDueMail(1_000 + LEASE_MS - 1, 10, LEASE_MS)).toEqual([]);
      const reclaimed = await fixture.store.claimDueMail(1_000 + LEASE_MS, 10, LEASE_MS);
      expect(reclaimed.map((entry) => entry.id)).toEqual([id]);
      expect(reclaimed[0]?.nextAttemptAt).toBe(1_000 + 2 * LEASE_MS);
    });

    it('never claims a message again once it is marked sent', async () => {
      const id = await fixture.store.enqueueMail(mail(1), 1_000);
      await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      await fixture.store.markMailSent(id, 2_000);
      await fixture.store.markMailSent(id, 3_000);
      await fixture.store.markMailFailed(id, 'late report from a worker whose lease ran out', 0);
      expect(await fixture.store.claimDueMail(Number.MAX_SAFE_INTEGER - LEASE_MS, 10, LEASE_MS)).toEqual([]);
      const [entry] = await fixture.store.listMail(1);
      expect(entry).toMatchObject({ id, sentAt: 2_000, attempts: 0, lastError: null });
    });

    it('blanks the bodies of a delivered message, keeping address, subject and kind', async () => {
      const id = await fixture.store.enqueueMail(mail(1), 1_000);
      const other = await fixture.store.enqueueMail(mail(2), 1_000);
      await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      await fixture.store.markMailSent(id, 2_000);
      const byId = new Map((await fixture.store.listMail(10)).map((m) => [m.id, m]));
      expect(byId.get(id)).toMatchObject({
        to: 'user1@example.com',
        subject: 'Subject 1',
        kind: 'confirm',
        text: '',
        html: '',
        sentAt: 2_000,
      });
      expect(byId.get(other)).toMatchObject({ text: 'Text 2', html: '<p>Html 2</p>', sentAt: null });
    });

    it('keeps a message that can never be sent out of every claim (next attempt at MAX_SAFE_INTEGER)', async () => {
      const id = await fixture.store.enqueueMail(mail(1), 1_000);
      await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      await fixture.store.markMailFailed(id, 'does not open', Number.MAX_SAFE_INTEGER);
      expect(await fixture.store.claimDueMail(Number.MAX_SAFE_INTEGER - LEASE_MS, 10, LEASE_MS)).toEqual([]);
      expect((await fixture.store.listMail(1))[0]?.nextAttemptAt).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('counts failed attempts, keeps the last error and waits for the next attempt time', async () => {
      const id = await fixture.store.enqueueMail(mail(1), 1_000);
      await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      await fixture.store.markMailFailed(id, '421 try later', 5_000);
      expect(await fixture.store.claimDueMail(4_999, 10, LEASE_MS)).toEqual([]);
      const [retry] = await fixture.store.claimDueMail(5_000, 10, LEASE_MS);
      expect(retry).toMatchObject({ id, attempts: 1, lastError: '421 try later' });
      await fixture.store.markMailFailed(id, '554 rejected', 9_000);
      const [entry] = await fixture.store.listMail(1);
      expect(entry).toMatchObject({
        attempts: 2,
        lastError: '554 rejected',
        nextAttemptAt: 9_000,
        sentAt: null,
      });
    });

    it('keeps the first 500 characters of a long error and drops NUL bytes', async () => {
      const id = await fixture.store.enqueueMail(mail(1), 1_000);
      await fixture.store.markMailFailed(id, `a\0b${'é'.repeat(600)}`, 2_000);
      const [entry] = await fixture.store.listMail(1);
      expect(entry?.lastError).toBe(`ab${'é'.repeat(498)}`);
      await fixture.store.markMailFailed(id, '😀'.repeat(501), 2_000);
      const [again] = await fixture.store.listMail(1);
      expect(again?.lastError).toBe('😀'.repeat(500));
    });

    it('claims the earliest due messages first, in due order, up to the limit', async () => {
      const late = await fixture.store.enqueueMail(mail(1), 3_000);
      const early = await fixture.store.enqueueMail(mail(2), 1_000);
      const tiedFirst = await fixture.store.enqueueMail(mail(3), 2_000);
      const tiedSecond = await fixture.store.enqueueMail(mail(4), 2_000);
      const notDue = await fixture.store.enqueueMail(mail(5), 9_000);
      const first = await fixture.store.claimDueMail(5_000, 3, LEASE_MS);
      expect(first.map((entry) => entry.id)).toEqual([early, tiedFirst, tiedSecond]);
      const second = await fixture.store.claimDueMail(5_000, 3, LEASE_MS);
      expect(second.map((entry) => entry.id)).toEqual([late]);
      expect((await fixture.store.claimDueMail(9_000, 3, LEASE_MS)).map((entry) => entry.id)).toEqual([
        notDue,
      ]);
    });

    it('lists the newest messages first, up to the limit', async () => {
      const ids: number[] = [];
      for (let n = 0; n < 4; n += 1) {
        ids.push(await fixture.store.enqueueMail(mail(n), 1_000 + n));
      }
      expect((await fixture.store.listMail(3)).map((entry) => entry.id)).toEqual(ids.slice(1).reverse());
    });

    it('refuses a limit or lease that is not a positive integer', async () => {
      await expect(fixture.store.claimDueMail(1_000, 0, LEASE_MS)).rejects.toBeInstanceOf(RangeError);
      await expect(fixture.store.claimDueMail(1_000, 1.5, LEASE_MS)).rejects.toBeInstanceOf(RangeError);
      await expect(fixture.store.claimDueMail(1_000, 10, 0)).rejects.toBeInstanceOf(RangeError);
      await expect(fixture.store.listMail(-1)).rejects.toBeInstanceOf(RangeError);
    });

    it('never hands one message to two concurrent claimers', async () => {
      const enqueued: number[] = [];
      for (let n = 0; n < 60; n += 1) {
        enqueued.push(await fixture.store.enqueueMail(mail(n), 1_000));
      }
      const claimed: number[] = [];
      for (let round = 0; round < 30 && claimed.length < enqueued.length; round += 1) {
        const batches = await Promise.all(
          [0, 1, 2, 3].map(() => fixture.store.claimDueMail(1_000, 3, LEASE_MS)),
        );
        claimed.push(...batches.flat().map((entry) => entry.id));
      }
      expect(claimed.length).toBe(new Set(claimed).size);
      expect([...claimed].sort((a, b) => a - b)).toEqual(enqueued);
    });

    it('rolls an enqueued message back with the transaction it was enqueued in', async () => {
      const attempt = fixture.store.transaction(async (tx) => {
        const user = await tx.createUser({ email: 'ned@example.com' });
        await tx.enqueueMail(mail(1, { to: user.email }), 1_000);
        throw new Boom('abort');
      });
      await expect(attempt).rejects.toBeInstanceOf(Boom);
      expect(await fixture.store.listMail(10)).toEqual([]);
      expect(await fixture.store.claimDueMail(1_000, 10, LEASE_MS)).toEqual([]);
    });

    it('keeps a message enqueued in a committed transaction, and lets the transaction claim it', async () => {
      const claimed = await fixture.store.transaction(async (tx) => {
        await tx.enqueueMail(mail(1), 1_000);
        await tx.enqueueMail(mail(2), 1_000);
        return tx.claimDueMail(1_000, 1, LEASE_MS);
      });
      expect(claimed).toHaveLength(1);
      const rest = await fixture.store.claimDueMail(1_000, 10, LEASE_MS);
      expect(rest.map((entry) => entry.to)).toEqual(['user2@example.com']);
    });
  });
}
