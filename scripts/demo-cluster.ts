/**
 * `npm run demo:cluster`: a throw-away PostgreSQL and redis-server, two demo processes on them,
 * and a round-robin proxy in front, so a person can watch many processes behave as one. Ctrl-C
 * stops everything and deletes the database. PORT (default 8000) is the proxy's port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startClusterProxy } from '../demo/cluster-proxy.js';
import { freePort } from '../test/services/free-port.js';
import { startPostgres } from '../test/services/postgres.js';
import { startRedis } from '../test/services/redis.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PROCESS_NAMES = ['A', 'B'] as const;

/** One demo process, its output prefixed with its name so the two can be told apart. */
function startDemoProcess(name: string, port: number, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], {
    cwd: REPO,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') stream.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
  return child;
}

/** Resolves once the process prints that it listens; rejects if it exits first. */
function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Barbican demo on ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`a demo process exited (${code}) before listening`)));
  });
}

async function main(): Promise<void> {
  const proxyPort = Number(process.env.PORT ?? 8000);
  const postgres = await startPostgres();
  if (postgres === null) throw new Error('demo:cluster needs PostgreSQL (initdb, pg_ctl) installed');
  const redis = await startRedis();
  if (redis === null) {
    await postgres.stop();
    throw new Error('demo:cluster needs redis-server installed');
  }
  const baseUrl = `http://127.0.0.1:${proxyPort}`;
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    // Every process signs and checks with one key, and mails links to the proxy's address.
    SECRET_KEY: process.env.SECRET_KEY ?? `demo-cluster-${Date.now()}-not-for-production`,
    BASE_URL: baseUrl,
    // The proxy is one hop: its X-Forwarded-For entry is the client's address.
    SECURITY_TRUSTED_PROXIES: '1',
  };
  const ports = [await freePort(), await freePort()];
  const children = PROCESS_NAMES.map((name, i) => startDemoProcess(name, ports[i] ?? 0, env));
  await Promise.all(children.map(listening));
  const proxy = await startClusterProxy({ host: '127.0.0.1', port: proxyPort, upstreams: ports });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the cluster…');
    await proxy.close();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await redis.stop();
    await postgres.stop();
    process.exit(0);
  };
  // `on`, not `once`: Ctrl-C can arrive twice (from the terminal and relayed by tsx), and a second
  // signal with no handler would kill this process half-way through stopping the servers.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  for (const [i, child] of children.entries()) {
    child.once('exit', (code) => {
      if (!stopping)
        console.error(`Demo process ${PROCESS_NAMES[i]} exited (${code}); Ctrl-C stops the rest.`);
    });
  }
  console.log(
    [
      '',
      `Barbican demo cluster on ${baseUrl}`,
      `  two processes (A on ${ports[0]}, B on ${ports[1]}), requests alternate between them`,
      `  PostgreSQL ${postgres.url}`,
      `  Redis ${redis.url}`,
      '  Mail is printed by whichever process delivers it. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`demo:cluster: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
