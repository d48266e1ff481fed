/**
 * A throw-away PostgreSQL server for the test run: a fresh cluster in a temp dir, listening only
 * on 127.0.0.1 at a free port, fsync off. Test files each get their own database from it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export interface PostgresService {
  /** Superuser URL of the server's `postgres` database; use `createTestDatabase` for tests. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

function hasServerBinaries(dir: string): boolean {
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
}

/** PG_BINDIR if set, else the newest Debian-packaged version, else whatever is on the usual paths. */
function findBinDir(): string | null {
  const override = process.env.PG_BINDIR;
  if (override !== undefined && override !== '') {
    // An explicit choice is not second-guessed by falling back to another installation.
    return hasServerBinaries(override) ? override : null;
  }
  const candidates: string[] = [];
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    // Newest major version first.
    const versions = readdirSync(debianRoot)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  candidates.push('/usr/local/bin', '/usr/bin');
  return candidates.find(hasServerBinaries) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') {
          reject(new Error('could not read the probe port'));
          return;
        }
        resolve(address.port);
      });
    });
  });
}

/** PostgreSQL refuses to run as root, so as root every server command goes through `runuser`. */
function asServerUser(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, [...args]];
}

async function chownToServerUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) {
    return;
  }
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  await chown(dir, uid, gid);
}

function unavailable(reason: string): null {
  if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`PostgreSQL is required (REQUIRE_SERVICES=1) but ${reason}`);
  }
  console.warn(
    `\n!!! PostgreSQL tests will be SKIPPED: ${reason}.\n!!! Install PostgreSQL (initdb, pg_ctl) or set PG_BINDIR; REQUIRE_SERVICES=1 makes this fatal.\n`,
  );
  return null;
}

/**
 * Stops the server and deletes its directory once `pid` has exited, however it exits: vitest
 * killed by a timeout or Ctrl-C never reaches teardown, and a leaked server would hold its port
 * and temp dir until reboot.
 */
function startWatchdog(pid: number, pgCtl: string, dataDir: string, root: string): ChildProcess {
  const [stopCommand, stopArgs] = asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']);
  const script = [
    'while kill -0 "$WATCH_PID" 2>/dev/null; do sleep 1; done',
    `"$@" >/dev/null 2>&1`,
    'rm -rf "$PG_ROOT"',
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script, 'watchdog', stopCommand, ...stopArgs], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, WATCH_PID: String(pid), PG_ROOT: root },
  });
  watchdog.unref();
  return watchdog;
}

/** Starts a server, or returns null (with a loud warning) when PostgreSQL is not installed. */
export async function startPostgres(): Promise<PostgresService | null> {
  const binDir = findBinDir();
  if (binDir === null) {
    return unavailable(
      process.env.PG_BINDIR
        ? `no initdb/pg_ctl in PG_BINDIR=${process.env.PG_BINDIR}`
        : 'no initdb/pg_ctl found in /usr/lib/postgresql/*/bin, /usr/local/bin or /usr/bin',
    );
  }
  const root = await mkdtemp(join(tmpdir(), 'barbican-pg-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const pgCtl = join(binDir, 'pg_ctl');
  const watchdog = startWatchdog(process.pid, pgCtl, dataDir, root);
  const stopAndRemove = async (): Promise<void> => {
    const [command, args] = asServerUser(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    await run(command, args).catch(() => undefined);
    watchdog.kill();
    await rm(root, { recursive: true, force: true });
  };
  try {
    await chownToServerUser(root);
    const [initdb, initArgs] = asServerUser(join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await run(initdb, initArgs);
    await appendFile(
      join(dataDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${root}'`,
        // Durability is worthless for a throw-away test server; speed is not.
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    const port = await startOnFreePort(pgCtl, dataDir, logFile);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: stopAndRemove };
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await stopAndRemove();
    throw new Error(`Could not start PostgreSQL from ${binDir}${log === '' ? '' : `:\n${log}`}`, {
      cause: error,
    });
  }
}

/** The probed port can be taken before the server binds it, so a failed start tries another. */
async function startOnFreePort(pgCtl: string, dataDir: string, logFile: string): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const [command, args] = asServerUser(pgCtl, [
      ...['-D', dataDir, '-l', logFile, '-o', `-p ${port}`],
      ...['-w', '-t', '60', 'start'],
    ]);
    try {
      await run(command, args);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the server, so parallel test files never see each other's rows. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `barbican_test_${randomBytes(8).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop(): Promise<void> {
      // FORCE (PostgreSQL 13+) ends connections a test forgot to close.
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A new schema in a test database, with a URL whose connections resolve unqualified names there.
 * Creating one costs milliseconds where CREATE DATABASE costs a checkpoint (~300 ms).
 */
export async function createTestSchema(databaseUrl: string): Promise<TestDatabase> {
  const name = `s_${randomBytes(8).toString('hex')}`;
  await withClient(databaseUrl, (client) => client.query(`CREATE SCHEMA ${name}`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    async drop(): Promise<void> {
      await withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
    },
  };
}
