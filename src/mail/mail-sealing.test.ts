import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../test/fixtures/fake-clock.js';
import { deriveKey } from '../crypto/keys.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore } from '../datastore/types.js';
import { MailSealError, openMailBodies, sealMailBodies } from './mail-sealing.js';
import type { MailToSend } from './mailer.js';
import { createOutboxWorker } from './outbox-worker.js';

const KEY = deriveKey('the first secret key, 32 bytes or more', 'mail-body');
const ROTATED = deriveKey('the second secret key, after rotation!!', 'mail-body');
const LINK = 'https://app.example.com/reset/abc123-live-token';
const PARTS = {
  to: 'joe@example.com',
  kind: 'reset-instructions',
  text: `Reset: ${LINK}`,
  html: `<a href="${LINK}">x</a>`,
};

describe('sealMailBodies / openMailBodies', () => {
  it('round-trips both parts, and the sealed form holds neither the link nor the same bytes twice', () => {
    const sealed = sealMailBodies(KEY, PARTS);
    expect(JSON.stringify(sealed)).not.toContain('abc123');
    expect(sealMailBodies(KEY, PARTS).text).not.toBe(sealed.text); // a fresh IV each time
    expect(openMailBodies(KEY, { ...PARTS, ...sealed })).toEqual({ text: PARTS.text, html: PARTS.html });
  });

  it.each([
    ['another secretKey', { key: ROTATED, to: PARTS.to, kind: PARTS.kind }],
    ['a changed recipient', { key: KEY, to: 'mallory@example.com', kind: PARTS.kind }],
    ['a changed kind', { key: KEY, to: PARTS.to, kind: 'confirm' }],
  ])('does not open under %s', (_name, { key, to, kind }) => {
    const sealed = sealMailBodies(KEY, PARTS);
    expect(() => openMailBodies(key, { to, kind, ...sealed })).toThrow(MailSealError);
  });

  it('refuses a truncated or swapped body', () => {
    const sealed = sealMailBodies(KEY, PARTS);
    expect(() => openMailBodies(KEY, { ...PARTS, text: 'sealed:v1:AAAA', html: sealed.html })).toThrow(
      MailSealError,
    );
    expect(() => openMailBodies(KEY, { ...PARTS, text: sealed.html, html: sealed.text })).toThrow(
      MailSealError,
    );
  });

  it('passes a plain body queued before sealing existed through unchanged', () => {
    expect(openMailBodies(KEY, PARTS)).toEqual({ text: PARTS.text, html: PARTS.html });
  });
});

describe('the outbox worker with sealed mail', () => {
  let store: Datastore;
  let clock: FakeClock;
  beforeEach(async () => {
    store = await createSqliteDatastore({ filename: ':memory:' });
    clock = createFakeClock();
  });
  afterEach(async () => {
    await store.close();
  });

  const queue = (key: Buffer) =>
    store.enqueueMail({ ...PARTS, subject: 'Reset', ...sealMailBodies(key, PARTS) }, clock.nowMs());

  it('sends the opened bodies', async () => {
    const sent: MailToSend[] = [];
    const mailer = { send: async (m: MailToSend) => void sent.push(m) };
    await queue(KEY);
    const worker = createOutboxWorker({ outbox: store, mailer, clock, from: 'x@app.test', mailKey: KEY });
    expect(await worker.runOnce()).toBe(1);
    expect(sent.map((m) => [m.text, m.html])).toEqual([[PARTS.text, PARTS.html]]);
  });

  it('keeps mail sealed under an earlier secretKey, unsent, with the reason, and never retries it', async () => {
    const mailer = { calls: 0, send: async () => void mailer.calls++ };
    const errors: unknown[] = [];
    await queue(KEY);
    const worker = createOutboxWorker({
      outbox: store,
      mailer,
      clock,
      from: 'x@app.test',
      mailKey: ROTATED,
      onError: (error) => errors.push(error),
    });
    expect(await worker.runOnce()).toBe(0);
    clock.advanceSeconds(365 * 24 * 3600);
    expect(await worker.runOnce()).toBe(0);
    expect(mailer.calls).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MailSealError);
    const [entry] = await store.listMail(1);
    expect(entry).toMatchObject({ sentAt: null, attempts: 1, nextAttemptAt: Number.MAX_SAFE_INTEGER });
    expect(entry?.lastError).toMatch(/secretKey changed/);
  });
});
