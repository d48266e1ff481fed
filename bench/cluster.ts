/**
 * The cluster rows of `npm run bench`: a guarded GET's req/s through two demo processes on
 * PostgreSQL + Redis (one load per process, at once, summed) against one demo process on SQLite
 * (the same total connections), and the p99 of a guarded GET through the round-robin proxy during
 * a login storm spread over both processes. BENCH_CLUSTER=0 leaves the section out.
 */
import { startBenchCluster } from './cluster-servers.js';
import { type LoadResult, runLoad } from './http-load.js';
import { login, loginStorm } from './logins.js';
import type { BenchSettings } from './settings.js';
import { median, percentile } from './stats.js';

const GUARDED = '/api/session-only';

function pooledP99(results: readonly LoadResult[]): number {
  return percentile(
    results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b),
    0.99,
  );
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The markdown section (starting with a blank line), or a line saying why it is missing. */
export async function clusterSection(settings: BenchSettings): Promise<string> {
  if (process.env.BENCH_CLUSTER === '0') return '';
  process.stderr.write('cluster (PostgreSQL + Redis):\n');
  const cluster = await startBenchCluster();
  if (cluster === null) return '\n\n## Cluster\n\nSkipped: PostgreSQL or redis-server is not installed.\n';
  try {
    const singleCookie = (await login(cluster.single)).sessionCookie;
    const pairCookie = (await login(cluster.proxy)).sessionCookie;
    const half = Math.max(1, Math.floor(settings.connections / 2));
    const single: LoadResult[] = [];
    const pair: LoadResult[][] = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      const load = (origin: string, cookie: string, connections: number) =>
        runLoad({ url: `${origin}${GUARDED}`, headers: { cookie }, connections, seconds: settings.seconds });
      single.push(await load(cluster.single, singleCookie, settings.connections));
      pair.push(await Promise.all(cluster.pair.map((origin) => load(origin, pairCookie, half))));
    }
    const quiet = await runLoad({
      url: `${cluster.proxy}${GUARDED}`,
      headers: { cookie: pairCookie },
      connections: settings.stormConnections,
      seconds: settings.seconds,
    });
    const storms = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      storms.push(
        await loginStorm(cluster.proxy, {
          logins: settings.stormLogins,
          path: GUARDED,
          headers: { cookie: pairCookie },
          connections: settings.stormConnections,
        }),
      );
    }
    const singleRps = median(single.map((r) => r.requestsPerSecond));
    const pairRps = median(pair.map((both) => both.reduce((sum, r) => sum + r.requestsPerSecond, 0)));
    const failures = [...single, ...pair.flat(), ...storms.map((s) => s.guarded)].reduce(
      (sum, r) => sum + r.failures,
      0,
    );
    return [
      '',
      '',
      '## Cluster',
      '',
      `Guarded \`GET ${GUARDED}\` (the demo app, session cookie), ${settings.rounds} round(s) of ${settings.seconds} s.`,
      '',
      '| setup | req/s | p99 ms |',
      '| --- | ---: | ---: |',
      `| 1 process, SQLite | ${fmt(singleRps)} | ${fmt(pooledP99(single), 2)} |`,
      `| 2 processes, PostgreSQL + Redis | ${fmt(pairRps)} | ${fmt(pooledP99(pair.flat()), 2)} |`,
      `| ratio (2 × PG / 1 × SQLite) | ${fmt(pairRps / singleRps, 2)} | |`,
      '',
      `Login storm on the cluster: ${settings.stormLogins} logins at once through the round-robin proxy,`,
      'guarded GET measured through the proxy meanwhile.',
      '',
      '| quiet p99 ms | storm p50 ms | storm p99 ms | storm ms (median) | failures |',
      '| ---: | ---: | ---: | ---: | ---: |',
      `| ${fmt(quiet.p99Ms, 2)} | ${fmt(
        percentile(
          storms.flatMap((s) => s.guarded.latenciesMs).sort((a, b) => a - b),
          0.5,
        ),
        2,
      )} | ${fmt(pooledP99(storms.map((s) => s.guarded)), 2)} | ${fmt(median(storms.map((s) => s.stormMs)))} | ${failures} |`,
    ].join('\n');
  } finally {
    await cluster.stop();
  }
}
