/**
 * The processes the cluster rows measure: a throw-away PostgreSQL and redis-server, demo
 * processes on them (or on a SQLite file), the bench user created through the CLI, and the
 * round-robin proxy of `npm run demo:cluster` in front. Everything dies with stop().
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClusterProxy, startClusterProxy } from '../demo/cluster-proxy.js';
import { freePort } from '../test/services/free-port.js';
import { startPostgres } from '../test/services/postgres.js';
import { startRedis } from '../test/services/redis.js';
import { BENCH_USER } from './bench-user.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SECRET_KEY = 'bench-cluster-secret-key-0123456789abcdef';

export interface BenchCluster {
  /** One demo process on a SQLite file. */
  readonly single: string;
  /** Two demo processes on PostgreSQL + Redis. */
  readonly pair: readonly string[];
  /** The round-robin proxy in front of the pair. */
  readonly proxy: string;
  stop(): Promise<void>;
}

function node(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function demoProcess(env: Record<string, string>, children: ChildProcess[]): Promise<string> {
  const port = await freePort();
  const child = node(['demo/main.ts'], { ...env, PORT: String(port), SECRET_KEY });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Barbican demo on ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bench demo process exited (${code})`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function createBenchUser(databaseUrl: string): Promise<void> {
  const cli = node(
    ['src/cli/main.ts', 'users', 'create', BENCH_USER.email, '--password', BENCH_USER.password],
    {
      DATABASE_URL: databaseUrl,
    },
  );
  const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
  if (code !== 0) throw new Error(`creating the bench user failed (${code})`);
}

/** Null (with the reason on stderr) when PostgreSQL or redis-server is not installed. */
export async function startBenchCluster(): Promise<BenchCluster | null> {
  const postgres = await startPostgres();
  const redis = postgres && (await startRedis());
  if (postgres === null || redis === null) {
    await postgres?.stop();
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'barbican-bench-cluster-'));
  const children: ChildProcess[] = [];
  let proxy: ClusterProxy | undefined;
  const stop = async (): Promise<void> => {
    await proxy?.close();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
    );
    await redis.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const sqliteUrl = `sqlite:${join(dir, 'bench.db')}`;
    const single = await demoProcess({ DATABASE_URL: sqliteUrl }, children);
    // Both started together, as a deployment would: the migration lock and seeding sort it out.
    const pairEnv = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      SECURITY_TRUSTED_PROXIES: '1',
      // `SECURITY_SESSION_REDIS_CACHE=false npx tsx bench/cluster-run.ts` measures the pair without it.
      ...(process.env.SECURITY_SESSION_REDIS_CACHE === undefined
        ? {}
        : { SECURITY_SESSION_REDIS_CACHE: process.env.SECURITY_SESSION_REDIS_CACHE }),
    };
    const pair = await Promise.all([demoProcess(pairEnv, children), demoProcess(pairEnv, children)]);
    await Promise.all([createBenchUser(sqliteUrl), createBenchUser(postgres.url)]);
    proxy = await startClusterProxy({
      host: '127.0.0.1',
      port: 0,
      upstreams: pair.map((origin) => Number(new URL(origin).port)),
    });
    return { single, pair, proxy: proxy.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
