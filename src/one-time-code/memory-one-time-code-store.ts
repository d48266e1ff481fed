/**
 * In-memory OneTimeCodeStore for tests and single-process demos. Not for production behind a load
 * balancer: a code issued by one process would be unknown to the others (DESIGN: many processes,
 * one truth). JavaScript runs each method to completion, so every method here is atomic.
 */
import type { OneTimeCodeRecord, OneTimeCodeStore } from './one-time-code-store.js';

function slot(subject: string, purpose: string): string {
  return `${purpose}\u0000${subject}`;
}

export function createMemoryOneTimeCodeStore(): OneTimeCodeStore {
  const records = new Map<string, OneTimeCodeRecord>();
  return {
    async put(record) {
      records.set(slot(record.subject, record.purpose), { ...record });
    },
    async get(subject, purpose) {
      const record = records.get(slot(subject, purpose));
      return record ? { ...record } : null;
    },
    async incrementAttempts(subject, purpose) {
      const key = slot(subject, purpose);
      const record = records.get(key);
      if (!record) return null;
      const updated = { ...record, attempts: record.attempts + 1 };
      records.set(key, updated);
      return { ...updated };
    },
    async delete(subject, purpose, id) {
      const key = slot(subject, purpose);
      if (records.get(key)?.id !== id) return false;
      return records.delete(key);
    },
    async deleteExpired(nowMs) {
      let removed = 0;
      for (const [key, record] of records) {
        if (record.expiresAtMs <= nowMs && records.delete(key)) removed++;
      }
      return removed;
    },
  };
}
