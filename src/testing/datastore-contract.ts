/**
 * barbican/testing/datastore: the behaviour every Datastore must show, as the vitest suite
 * Barbican runs on its own SQLite and PostgreSQL stores. A Drizzle or Prisma store proves itself
 * by running it. Apart from barbican/testing because it imports vitest (an optional peer).
 *
 * @example
 * // my-store.test.ts
 * import { describeDatastoreContract } from 'barbican/testing/datastore';
 * describeDatastoreContract('Drizzle', async () => {
 *   const store = await openMyStore();
 *   return { store, cleanup: () => store.close() };
 * });
 */
export type { MakeStore } from '../datastore/datastore.contract.js';
export { describeDatastoreContract } from '../datastore/datastore.contract.js';
