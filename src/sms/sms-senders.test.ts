import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { createConsoleSmsSender } from './console-sms-sender.js';
import { createMemorySmsSender } from './memory-sms-sender.js';
import { normalizePhone } from './normalize-phone.js';
import type { E164 } from './sms-sender.js';

function phone(input: string): E164 {
  const result = normalizePhone(input);
  if (!result.valid) throw new Error(`test number ${input} is invalid`);
  return result.phone;
}

const alice = phone('+442079460958');
const bob = phone('+12015550123');

describe('memory SMS sender', () => {
  it('keeps each message with its recipient and the time it was sent', async () => {
    const clock = createFakeClock();
    const sms = createMemorySmsSender({ clock });
    await sms.send(alice, 'Your code is 123456');
    clock.advanceSeconds(5);
    await sms.send(bob, 'Your code is 654321');
    expect(sms.messages()).toEqual([
      { to: alice, text: 'Your code is 123456', sentAtMs: clock.nowMs() - 5_000 },
      { to: bob, text: 'Your code is 654321', sentAtMs: clock.nowMs() },
    ]);
  });

  it("finds the newest message to a number, not another number's", async () => {
    const sms = createMemorySmsSender();
    await sms.send(alice, 'first');
    await sms.send(bob, 'for bob');
    await sms.send(alice, 'second');
    expect(sms.lastTo(alice)?.text).toBe('second');
    expect(sms.lastTo(phone('+33612345678'))).toBeUndefined();
  });

  it('keeps at most maxMessages, dropping the oldest', async () => {
    const sms = createMemorySmsSender({ maxMessages: 3 });
    for (let i = 1; i <= 5; i++) await sms.send(alice, `message ${i}`);
    expect(sms.messages().map((m) => m.text)).toEqual(['message 3', 'message 4', 'message 5']);
  });

  it('keeps 100 messages by default', async () => {
    const sms = createMemorySmsSender();
    for (let i = 0; i < 150; i++) await sms.send(alice, `message ${i}`);
    expect(sms.messages()).toHaveLength(100);
    expect(sms.messages()[0]?.text).toBe('message 50');
  });

  it('hands out a copy of its list, and clear empties it', async () => {
    const sms = createMemorySmsSender();
    await sms.send(alice, 'hello');
    (sms.messages() as unknown[]).length = 0;
    expect(sms.messages()).toHaveLength(1);
    sms.clear();
    expect(sms.messages()).toEqual([]);
  });

  it('refuses a non-positive bound at construction', () => {
    expect(() => createMemorySmsSender({ maxMessages: 0 })).toThrow(/maxMessages/);
  });
});

describe('console SMS sender', () => {
  it('prints one line naming the recipient and the text', async () => {
    const lines: string[] = [];
    await createConsoleSmsSender({ log: (line) => lines.push(line) }).send(alice, 'Your code is 123456');
    expect(lines).toEqual(['[sms] to +442079460958: Your code is 123456']);
  });
});
