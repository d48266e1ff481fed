/**
 * Two real demo processes on one PostgreSQL database (and one Redis when the run has it), mail
 * to one SMTP sink, and clients that send each request to a chosen or a random process.
 */
import { Pool } from 'pg';
import { TestClient } from '../../src/testing/test-client.js';
import { freePort } from '../services/free-port.js';
import { createTestDatabase, type TestDatabase } from '../services/postgres.js';
import { type SmtpSink, startSmtpSink } from '../services/smtp-sink.js';
import { killAllSpawned, type Spawned, spawnTs } from './child-process.js';

export type Target = 0 | 1 | 'random';

export interface ClusterClient extends TestClient {
  /** Where the next requests go: process 0 (A), 1 (B), or a random one per request. */
  via(target: Target): ClusterClient;
}

export interface Cluster {
  readonly databaseUrl: string;
  readonly redisUrl: string | null;
  readonly sink: SmtpSink;
  readonly pool: Pool;
  readonly ports: readonly number[];
  readonly processes: Spawned[];
  /** Every process's env (the CLI gets the same DATABASE_URL and REDIS_URL). */
  readonly env: Readonly<Record<string, string>>;
  client(target?: Target): ClusterClient;
  /** Starts process `index` again (after a kill) on its port. */
  restart(index: 0 | 1): Promise<void>;
  stop(): Promise<void>;
}

/** Both processes sign and check with one key and one external URL, as a real deployment must. */
const SECRET_KEY = 'cluster-test-secret-key-0123456789abcdef';
const BASE_URL = 'http://cluster.test';

export async function startCluster(
  serverUrl: string,
  redisUrl: string | null,
  extraEnv: Record<string, string> = {},
): Promise<Cluster> {
  const database: TestDatabase = await createTestDatabase(serverUrl);
  const sink = await startSmtpSink();
  const pool = new Pool({ connectionString: database.url, max: 2 });
  const ports = [await freePort(), await freePort()];
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    SECRET_KEY,
    BASE_URL,
    SMTP_URL: sink.url,
    ...(redisUrl === null ? {} : { REDIS_URL: redisUrl }),
    ...extraEnv,
  };
  const spawnOne = (port: number): Spawned => spawnTs('demo/main.ts', [], { ...env, PORT: String(port) });
  const processes = ports.map(spawnOne);
  await Promise.all(processes.map((p) => p.waitForLine(/^Barbican demo on /)));

  const client = (initial: Target = 'random'): ClusterClient => {
    let target: Target = initial;
    const pick = (): number => (target === 'random' ? Math.floor(Math.random() * ports.length) : target);
    const routed = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      url.host = `127.0.0.1:${ports[pick()]}`;
      const body = request.body === null ? undefined : await request.arrayBuffer();
      return fetch(url, { method: request.method, headers: request.headers, body, redirect: 'manual' });
    };
    const test = new TestClient(routed, BASE_URL) as ClusterClient;
    test.via = (next) => {
      target = next;
      return test;
    };
    return test;
  };

  return {
    databaseUrl: database.url,
    redisUrl,
    sink,
    pool,
    ports,
    processes,
    env,
    client,
    async restart(index) {
      const port = ports[index] ?? 0;
      processes[index] = spawnOne(port);
      await processes[index].waitForLine(/^Barbican demo on /);
    },
    async stop() {
      for (const p of processes) p.child.kill('SIGTERM');
      await Promise.all(processes.map((p) => p.exited));
      killAllSpawned();
      await pool.end();
      await sink.stop();
      await database.drop();
    },
  };
}

/**
 * Runs the `barbican` CLI's entry point (what bin/barbican.js launches) as its own process against
 * the cluster's database. Not through bin/: in a checkout it prefers a dist/ build, which may be
 * older than the source under test.
 */
export async function runCli(
  cluster: Cluster,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string }> {
  const cli = spawnTs('src/cli/main.ts', args, { ...cluster.env });
  const { code, stdout, stderr } = await cli.exited;
  return { code, stdout: stdout + stderr };
}
