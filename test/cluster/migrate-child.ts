/** One "process starting up": opens (and so migrates) DATABASE_URL, says so, exits. */
import { openDatastore } from '../../src/datastore/open-datastore.js';

const store = await openDatastore(process.env.DATABASE_URL ?? '');
console.log('migrated');
await store.close();
