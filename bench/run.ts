/**
 * `npm run bench`: for each framework, a server in a child process on 127.0.0.1 and autocannon
 * here; prints the results as markdown and rewrites bench/RESULTS.md (keeping its hand-written notes).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChildServer } from './child-server.js';
import { clusterSection } from './cluster.js';
import { loadAverage, machineFacts } from './machine.js';
import { type FrameworkResult, measureFramework } from './measure.js';
import { renderReport } from './report.js';
import { readSettings } from './settings.js';
import { summarize } from './summary.js';

const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const NOTES_MARKER = '<!-- Hand-written notes below this line are kept by `npm run bench`. -->';

const HOW_TO_READ = `# Barbican benchmark results

Written by \`npm run bench\` (bench/run.ts); the notes at the end are written by hand and kept.

## How to read this

- Each server runs in its own process (\`bench/server.ts\`: the demo routes, a temporary SQLite
  file, the production argon2id parameters and hash concurrency limit, one seeded user); the load
  generator (autocannon, keep-alive, loopback only) runs in the parent. On a 2-CPU machine the two
  compete for the CPUs, so absolute req/s are low and only the **ratios** mean much.
- **bare** is \`GET /bench/bare\`, the framework alone (no Barbican at all); **middleware** is
  \`GET /bench/middleware\`, the same handler behind one middleware that does nothing (what any
  middleware costs in that framework); **unguarded** is \`GET /bench/unguarded\`, the same handler
  behind \`barbican()\` with no guard and no cookie; **session** (\`/bench/session\`) and **token**
  (\`/bench/token\`) are the same handler in that same app with one guard on the route,
  \`authRequired('session')\` (signed cookie → the session cache, or one indexed lookup) and
  \`authTokenRequired()\` (HMAC-signed token → the same cache, or one user lookup). A fourth app
  mounts Barbican as routes (Hono \`app.route('/', barbicanRoutes(security).routes)\`, Express
  \`app.use(barbicanRoutes(security).routes)\`): **routes-mount** is the handler there with no
  guard and no cookie, **routes-session** and **routes-token** the same guards bound to that mount
  (on Hono, guards and handler as one route handler, \`guarded(authRequired('session'), handler)\`). **demo-session** is the demo app's
  \`GET /api/session-only\`, its body parsers and route table included (bench/comparison-apps.ts).
  Each round runs the routes back to back (order rotated each round); the ratio is the median
  over rounds of the route's req/s over the bare route's in the same round, req/s the median of
  the rounds, p50 and p99 are over all rounds' responses pooled. **Server CPU µs/req** is the server process's CPU
  time over the run divided by the answers (median of the rounds): it moves less than req/s with
  the load generator, which shares the CPUs.
- **Login throughput**: N full JSON logins started at once (GET /login for the CSRF token and
  cookie, then POST /login; CSRF protection stays on), as logins/s, next to N raw
  \`hasher.verify\` calls started at once inside the server through the same hasher and so the same
  concurrency limit. Rounds alternate raw and login; the ratio is the median of the per-round
  ratios. CPU columns: the server process's CPU time (event loop plus hashing threads) per login
  and per raw verify, and the load generator's per login; on a machine whose CPUs the hashing
  threads already fill, that extra CPU is what logins lose against raw verifies.
- **Login storm**: 50 logins' POSTs fired at once (their GETs done before), while a modest
  autocannon load measures \`GET /api/session-only\` from the first POST to the last answer.
  "quiet p99" is the same load with no logins; storm percentiles pool all rounds' responses.
- **Abuse**: BENCH_REGISTER_STORM anonymous \`POST /register\` fired at once with 128-character
  passwords crafted to cost zxcvbn seconds each (the bench server runs zxcvbn; it scores in a
  worker under a 2 s budget and fails closed), then BENCH_QUEUE_STORM unknown-user logins fired at
  once, past the hashing queue bound (the bench server's passwordHashQueueLimit is 128, so the
  throughput batches fit: the rest get 503 at once); the
  guarded route is measured from the first request to the last answer. "answers" counts statuses.
- **Cluster**: the demo app's guarded \`GET /api/session-only\` through two processes on a
  throw-away PostgreSQL + redis-server (one load per process at once, req/s summed) against one
  process on a SQLite file with the same total connections; then its p99 through the round-robin
  proxy of \`npm run demo:cluster\` during a login storm spread over both (bench/cluster.ts;
  \`npx tsx bench/cluster-run.ts\` prints these rows alone).
- Knobs: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_LOGINS, BENCH_STORM_LOGINS,
  BENCH_STORM_CONNECTIONS, BENCH_REGISTER_STORM, BENCH_QUEUE_STORM, BENCH_FRAMEWORKS (e.g. \`hono\`), BENCH_CLUSTER=0 (no cluster rows), BENCH_WRITE=0 (print only, keep
  this file). Targets are reported, never asserted. Prefer a quiet machine (load average
  below ~1): the load average is recorded with each run.
- To see what a route costs: \`npx tsx bench/profile.ts hono session 6\` (a row name or a path)
  runs the server under \`--cpu-prof\` and prints its top frames. To judge a change quickly:
  \`npx tsx bench/routes.ts hono 3 3\` runs the route rows alone and prints their ratios.

## Latest run
`;

function keptNotes(): string {
  if (!existsSync(RESULTS_FILE)) return '';
  const text = readFileSync(RESULTS_FILE, 'utf8');
  const at = text.indexOf(NOTES_MARKER);
  return at < 0 ? '' : text.slice(at + NOTES_MARKER.length).replace(/^\n+/, '');
}

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  const loadBefore = loadAverage();
  const results: FrameworkResult[] = [];
  for (const framework of settings.frameworks) {
    process.stderr.write(`${framework}:\n`);
    const server = await startChildServer(framework);
    try {
      results.push(await measureFramework(server, settings));
    } finally {
      await server.stop();
    }
  }
  // The cluster rows (two processes on PostgreSQL + Redis; bench/cluster.ts) follow the frameworks'.
  const clusterRows = await clusterSection(settings);
  const report = renderReport(results.map(summarize), {
    settings,
    machine: machineFacts(),
    loadBefore,
    loadAfter: loadAverage(),
    startedAt,
    elapsedSeconds: (Date.now() - startedAt.getTime()) / 1000,
  });
  process.stdout.write(`${report}${clusterRows}\n`);
  if (!settings.writeResults) return;
  writeFileSync(RESULTS_FILE, `${HOW_TO_READ}\n${report}${clusterRows}\n\n${NOTES_MARKER}\n\n${keptNotes()}`);
  process.stderr.write(`written to ${RESULTS_FILE}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
