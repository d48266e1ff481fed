/**
 * The behaviour every Datastore must show, as a vitest suite each backend's test file runs
 * against its own fresh stores (see sqlite.test.ts, postgres.test.ts).
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { describeLinkTokenContract } from './contract/link-token-contract.js';
import { describeOutboxContract } from './contract/outbox-contract.js';
import { describeRoleContract } from './contract/role-contract.js';
import { describeSessionContract } from './contract/session-contract.js';
import { describeSessionManagementContract } from './contract/session-management-contract.js';
import type { MakeStore, StoreFixture } from './contract/store-fixture.js';
import { describeTransactionContract } from './contract/transaction-contract.js';
import { describeUnifiedSigninContract } from './contract/unified-signin-contract.js';
import { describeUserContract } from './contract/user-contract.js';
import { describeWebAuthnContract } from './contract/webauthn-contract.js';

export type { MakeStore } from './contract/store-fixture.js';

function useFreshStore(makeStore: MakeStore): StoreFixture {
  let current: Awaited<ReturnType<MakeStore>> | undefined;
  beforeEach(async () => {
    current = await makeStore();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return {
    get store() {
      if (current === undefined) {
        throw new Error('the store is only available inside a test');
      }
      return current.store;
    },
  };
}

/**
 * Registers the shared suite; every test gets a store of its own from `makeStore`.
 *
 * @example describeDatastoreContract('SQLite', async () => ({ store, cleanup: () => store.close() }));
 */
export function describeDatastoreContract(name: string, makeStore: MakeStore): void {
  describe(`${name} datastore contract`, () => {
    const fixture = useFreshStore(makeStore);
    describeUserContract(fixture);
    describeRoleContract(fixture);
    describeSessionContract(fixture);
    describeSessionManagementContract(fixture);
    describeTransactionContract(fixture);
    describeOutboxContract(fixture);
    describeLinkTokenContract(fixture);
    describeWebAuthnContract(fixture);
    describeUnifiedSigninContract(fixture);
  });
}
