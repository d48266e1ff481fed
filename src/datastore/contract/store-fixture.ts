/** What the contract suites share: the store under test and small helpers around it. */
import { expect } from 'vitest';
import { DatastoreError, type DatastoreErrorCode } from '../errors.js';
import type { Datastore, SessionRecord, User } from '../types.js';

export type MakeStore = () => Promise<{ store: Datastore; cleanup(): Promise<void> }>;

export interface StoreFixture {
  /** The current test's store. */
  readonly store: Datastore;
}

export async function expectDatastoreError(
  promise: Promise<unknown>,
  code: DatastoreErrorCode,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DatastoreError);
  expect((error as DatastoreError).code).toBe(code);
}

export function sessionFor(user: User, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const nowMs = Date.now();
  return {
    idHash: `hash-${Math.random().toString(36).slice(2)}`,
    fsUniquifier: user.fsUniquifier,
    authenticatedAt: nowMs,
    csrfSecret: 'csrf-secret',
    remember: false,
    createdAt: nowMs,
    expiresAt: nowMs + 60_000,
    data: {},
    ...overrides,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
