/**
 * Contract every OneTimeCodeStore must pass (memory today; SQL and Redis when the features add
 * them): replacement on put, atomic counting, compare-and-delete on the record id.
 */
import { describe, expect, it } from 'vitest';
import type { OneTimeCodeRecord, OneTimeCodeStore } from './one-time-code-store.js';

function record(overrides: Partial<OneTimeCodeRecord> = {}): OneTimeCodeRecord {
  return {
    id: 'id-1',
    subject: '7',
    purpose: 'tf-email',
    codeMAC: 'mac',
    issuedAtMs: 1_000,
    expiresAtMs: 301_000,
    attempts: 0,
    ...overrides,
  };
}

export function describeOneTimeCodeStoreContract(makeStore: () => Promise<OneTimeCodeStore>): void {
  describe('one-time code store contract', () => {
    it('returns what was put, and null for another subject or purpose', async () => {
      const store = await makeStore();
      await store.put(record());
      expect(await store.get('7', 'tf-email')).toEqual(record());
      expect(await store.get('8', 'tf-email')).toBeNull();
      expect(await store.get('7', 'us-email')).toBeNull();
    });

    it('replaces the pending record of the same subject and purpose on put', async () => {
      const store = await makeStore();
      await store.put(record({ attempts: 3 }));
      await store.put(record({ id: 'id-2', codeMAC: 'mac-2' }));
      expect(await store.get('7', 'tf-email')).toEqual(record({ id: 'id-2', codeMAC: 'mac-2' }));
    });

    it('counts concurrent increments without losing any', async () => {
      const store = await makeStore();
      await store.put(record());
      const seen = await Promise.all(
        Array.from({ length: 20 }, () => store.incrementAttempts('7', 'tf-email')),
      );
      expect(seen.map((r) => r?.attempts).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect((await store.get('7', 'tf-email'))?.attempts).toBe(20);
    });

    it('answers null when incrementing a missing record, and creates none', async () => {
      const store = await makeStore();
      expect(await store.incrementAttempts('7', 'tf-email')).toBeNull();
      expect(await store.get('7', 'tf-email')).toBeNull();
    });

    it('deletes only the record with the given id, and tells exactly one of two racing deleters', async () => {
      const store = await makeStore();
      await store.put(record({ id: 'new' }));
      expect(await store.delete('7', 'tf-email', 'old')).toBe(false);
      expect(await store.get('7', 'tf-email')).not.toBeNull();
      const results = await Promise.all([
        store.delete('7', 'tf-email', 'new'),
        store.delete('7', 'tf-email', 'new'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get('7', 'tf-email')).toBeNull();
    });

    it('purges expired records and keeps live ones', async () => {
      const store = await makeStore();
      await store.put(record({ subject: 'a', expiresAtMs: 5_000 }));
      await store.put(record({ subject: 'b', expiresAtMs: 9_000 }));
      expect(await store.deleteExpired(5_000)).toBe(1);
      expect(await store.get('a', 'tf-email')).toBeNull();
      expect(await store.get('b', 'tf-email')).not.toBeNull();
    });
  });
}
