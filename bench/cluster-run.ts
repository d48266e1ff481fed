/** `npx tsx bench/cluster-run.ts`: only the cluster rows of `npm run bench`, printed (RESULTS.md untouched). */
import { clusterSection } from './cluster.js';
import { readSettings } from './settings.js';

clusterSection(readSettings()).then(
  (section) => {
    process.stdout.write(`${section}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
