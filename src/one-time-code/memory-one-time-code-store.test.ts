import { describe, expect, it } from 'vitest';
import { createMemoryOneTimeCodeStore } from './memory-one-time-code-store.js';
import { describeOneTimeCodeStoreContract } from './one-time-code-store-contract.js';

describeOneTimeCodeStoreContract(async () => createMemoryOneTimeCodeStore());

describe('memory one-time code store', () => {
  it('hands out copies, so a caller editing a record cannot change what is stored', async () => {
    const store = createMemoryOneTimeCodeStore();
    const original = {
      id: 'x',
      subject: '1',
      purpose: 'tf-sms',
      codeMAC: 'm',
      issuedAtMs: 0,
      expiresAtMs: 1,
      attempts: 0,
    };
    await store.put(original);
    const read = await store.get('1', 'tf-sms');
    (read as { attempts: number }).attempts = 99;
    (original as { attempts: number }).attempts = 42;
    expect((await store.get('1', 'tf-sms'))?.attempts).toBe(0);
  });
});
