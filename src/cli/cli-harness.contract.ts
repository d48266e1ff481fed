/**
 * Test helpers: runCli in memory against a fresh SQLite file and a fresh PostgreSQL schema per test.
 * Named *.contract.ts, like the datastore's shared suites, so tsconfig.build.json leaves it out of dist.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, inject } from 'vitest';
import { createMailApp, type MailApp } from '../../test/fixtures/mail-app.js';
import { createTestDatabase, createTestSchema, type TestDatabase } from '../../test/services/postgres.js';
import { openDatastore } from '../datastore/open-datastore.js';
import type { Datastore } from '../datastore/types.js';
import type { TestSecurityOverrides } from '../testing/create-test-security.js';
import type { ExitCode } from './command.js';
import { runCli } from './run-cli.js';

export interface CliRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command line in-process with only the given environment. */
export async function runCapturing(argv: readonly string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

export interface CliBackend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** DATABASE_URL of this test's fresh database. */
  readonly url: string;
  /** runCli with DATABASE_URL set, plus any extra variables. */
  run(argv: readonly string[], env?: Record<string, string>): Promise<CliRun>;
  /** Opens the test's database (as the app would) for fn, then closes it. */
  inspect<T>(fn: (store: Datastore) => Promise<T>): Promise<T>;
}

function backendNamed(name: CliBackend['name'], currentUrl: () => string): CliBackend {
  return {
    name,
    get url() {
      return currentUrl();
    },
    run(argv, env = {}) {
      return runCapturing(argv, { DATABASE_URL: currentUrl(), ...env });
    },
    async inspect(fn) {
      const store = await openDatastore(currentUrl());
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
  };
}

/** Declares `body`'s tests twice: on a temp SQLite file, and on PostgreSQL when the server is up. */
export function describeEachBackend(title: string, body: (backend: CliBackend) => void): void {
  describe(`${title} (SQLite)`, () => {
    let dir = '';
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'barbican-cli-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    body(backendNamed('SQLite', () => `sqlite:${join(dir, 'app.db')}`));
  });

  const serverUrl = inject('postgresUrl');
  describe.skipIf(!serverUrl)(`${title} (PostgreSQL)`, () => {
    let database: TestDatabase | undefined;
    let schema: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase(serverUrl!);
    });
    afterAll(async () => {
      await database?.drop();
    });
    beforeEach(async () => {
      schema = await createTestSchema(database!.url);
    });
    afterEach(async () => {
      await schema?.drop();
    });
    body(backendNamed('PostgreSQL', () => schema!.url));
  });
}

/** A live session of the user, as the app creates at login. */
export async function createSessionFor(
  store: Datastore,
  fsUniquifier: string,
  idHash: string,
): Promise<void> {
  const nowMs = Date.now();
  await store.createSession({
    idHash,
    fsUniquifier,
    authenticatedAt: nowMs,
    csrfSecret: 'csrf-secret',
    remember: false,
    createdAt: nowMs,
    expiresAt: nowMs + 3_600_000,
    data: {},
  });
}

/**
 * The demo app (seed users, demo routes, mail to a local SMTP sink) on the backend's database, so
 * one test can mix web requests and CLI commands. Close it before the test ends.
 */
export async function openAppOn(
  backend: CliBackend,
  overrides: TestSecurityOverrides = {},
): Promise<MailApp> {
  // 'sqlite' only means "no database of its own": the datastore given here is used instead.
  return createMailApp('sqlite', { ...overrides, datastore: await openDatastore(backend.url) });
}
