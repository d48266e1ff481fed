import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../test/fixtures/fake-clock.js';
import { type SmtpSink, startSmtpSink } from '../../test/services/smtp-sink.js';
import { deriveKey } from '../crypto/keys.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore } from '../datastore/types.js';
import type { Mailer, MailToSend } from './mailer.js';
import { createOutboxWorker, defaultBackoffMs, stableMessageId } from './outbox-worker.js';
import { createSmtpMailer } from './smtp-mailer.js';

let store: Datastore;
let clock: FakeClock;
beforeEach(async () => {
  store = await createSqliteDatastore({ filename: ':memory:' });
  clock = createFakeClock();
});
afterEach(async () => {
  await store.close();
});

const KEY = deriveKey('a test secret key of at least 32 bytes!', 'mail-body');
const MESSAGE = { to: 'joe@example.com', subject: 'Hello', text: 'plain', html: '<p>html</p>', kind: 'test' };

/** Fails the first `failures` sends, then records what it sends. */
function flakyMailer(failures: number): Mailer & { sent: MailToSend[]; calls: number } {
  const mailer = {
    sent: [] as MailToSend[],
    calls: 0,
    async send(message: MailToSend) {
      mailer.calls++;
      if (mailer.calls <= failures) throw new Error(`connection refused #${mailer.calls}`);
      mailer.sent.push(message);
    },
  };
  return mailer;
}

describe('outbox worker', () => {
  it('delivers due mail once and never again', async () => {
    const mailer = flakyMailer(0);
    const worker = createOutboxWorker({
      outbox: store,
      mailer,
      clock,
      from: 'no-reply@app.test',
      mailKey: KEY,
    });
    await store.enqueueMail(MESSAGE, clock.nowMs());
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    expect(mailer.sent).toEqual([
      {
        from: 'no-reply@app.test',
        to: 'joe@example.com',
        subject: 'Hello',
        text: 'plain',
        html: '<p>html</p>',
        messageId: expect.stringMatching(/^<\d+\.[A-Za-z0-9_-]{22}@app\.test>$/),
      },
    ]);
    expect((await store.listMail(10))[0]?.sentAt).toBe(clock.nowMs());
  });

  it('gives every attempt at one message the same Message-ID, and each message its own', async () => {
    const attempts: MailToSend[] = [];
    const mailer: Mailer = {
      async send(message) {
        attempts.push(message);
        if (attempts.length === 1) throw new Error('accepted, then the process died');
      },
    };
    const worker = createOutboxWorker({
      outbox: store,
      mailer,
      clock,
      from: 'Shop <no-reply@shop.test>',
      mailKey: KEY,
    });
    await store.enqueueMail(MESSAGE, clock.nowMs());
    await store.enqueueMail({ ...MESSAGE, to: 'ann@example.com' }, clock.nowMs());
    await worker.runOnce();
    clock.advanceSeconds(defaultBackoffMs(1) / 1000);
    await worker.runOnce();
    const joe = attempts.filter((message) => message.to === 'joe@example.com').map((m) => m.messageId);
    const ann = attempts.filter((message) => message.to === 'ann@example.com').map((m) => m.messageId);
    expect(joe).toHaveLength(2);
    expect(joe[0]).toMatch(/@shop\.test>$/);
    expect(joe[1]).toBe(joe[0]);
    expect(ann).toHaveLength(1);
    expect(ann[0]).not.toBe(joe[0]);
    // Another key (another app on the same sender domain) mints another id for the same row.
    const [entry] = await store.listMail(1);
    if (entry === undefined) throw new Error('no outbox row');
    const otherKey = deriveKey('another secret key of at least 32 bytes', 'mail-body');
    expect(stableMessageId(otherKey, 'no-reply@shop.test', entry)).not.toBe(
      stableMessageId(KEY, 'no-reply@shop.test', entry),
    );
  });

  it('retries with exponential back-off and records the error', async () => {
    const mailer = flakyMailer(2);
    const worker = createOutboxWorker({ outbox: store, mailer, clock, from: 'x@app.test', mailKey: KEY });
    await store.enqueueMail(MESSAGE, clock.nowMs());
    expect(await worker.runOnce()).toBe(0);
    let [entry] = await store.listMail(1);
    expect(entry).toMatchObject({ attempts: 1, sentAt: null, lastError: 'connection refused #1' });
    expect(entry?.nextAttemptAt).toBe(clock.nowMs() + defaultBackoffMs(1));
    clock.advanceSeconds(defaultBackoffMs(1) / 1000 - 0.5);
    expect(await worker.runOnce()).toBe(0);
    expect(mailer.calls).toBe(1);
    clock.advanceSeconds(1);
    expect(await worker.runOnce()).toBe(0);
    [entry] = await store.listMail(1);
    expect(entry?.attempts).toBe(2);
    clock.advanceSeconds(defaultBackoffMs(2) / 1000);
    expect(await worker.runOnce()).toBe(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('parks a message after maxAttempts instead of dropping it', async () => {
    const mailer = flakyMailer(100);
    const worker = createOutboxWorker({
      outbox: store,
      mailer,
      clock,
      from: 'x@app.test',
      mailKey: KEY,
      maxAttempts: 2,
      backoffMs: () => 1000,
    });
    await store.enqueueMail(MESSAGE, clock.nowMs());
    await worker.runOnce();
    clock.advanceSeconds(1);
    await worker.runOnce();
    const [entry] = await store.listMail(1);
    expect(entry?.attempts).toBe(2);
    expect(entry?.nextAttemptAt).toBe(clock.nowMs() + 24 * 3600 * 1000);
  });

  it('never runs two deliveries at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const mailer: Mailer = {
      async send() {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
    };
    const worker = createOutboxWorker({ outbox: store, mailer, clock, from: 'x@app.test', mailKey: KEY });
    for (let i = 0; i < 5; i++) await store.enqueueMail({ ...MESSAGE, subject: `m${i}` }, clock.nowMs());
    const sent = await Promise.all([worker.runOnce(), worker.runOnce(), worker.runOnce()]);
    expect(maxInFlight).toBe(1);
    expect(sent[0]).toBe(5);
    expect((await store.listMail(10)).every((m) => m.sentAt !== null)).toBe(true);
  });
});

describe('SMTP mailer', () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.stop();
  });

  it('sends text and HTML parts over real SMTP, and fails while the server is down', async () => {
    const mailer = createSmtpMailer({ url: sink.url, timeoutMs: 1000 });
    await mailer.send({
      from: 'no-reply@app.test',
      to: 'joe@example.com',
      subject: 'Hi',
      text: 'plain body',
      html: '<p>html body</p>',
      messageId: '<42.abc@app.test>',
    });
    const mail = await sink.waitFor((m) => m.subject === 'Hi');
    expect(mail).toMatchObject({
      from: 'no-reply@app.test',
      to: 'joe@example.com',
      messageId: '<42.abc@app.test>',
    });
    expect(mail.text.trim()).toBe('plain body');
    expect(mail.html).toContain('<p>html body</p>');
    await sink.stop();
    await expect(
      mailer.send({ from: 'a@app.test', to: 'b@example.com', subject: 'x', text: 'x', html: 'x' }),
    ).rejects.toThrow();
    await sink.start();
    await mailer.send({ from: 'a@app.test', to: 'b@example.com', subject: 'after', text: 'x', html: 'x' });
    await sink.waitFor((m) => m.subject === 'after');
    await mailer.close?.();
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => createSmtpMailer({ url: 'http://mail.example.com' })).toThrow(/smtp/);
  });
});
