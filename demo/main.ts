/**
 * The demo app `npm start` runs: configured from the environment (see demo/README.md), seeded on
 * first start, served by Hono or Express. Bad environment → one line on stderr and exit code 2.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatastore } from '../src/datastore/open-datastore.js';
import type { Datastore } from '../src/datastore/types.js';
import { createConsoleMailer } from '../src/mail/mailer.js';
import { createSmtpMailer } from '../src/mail/smtp-mailer.js';
import { createSecurity } from '../src/security.js';
import { createConsoleSmsSender } from '../src/sms/console-sms-sender.js';
import { type DemoEnv, type Env, parseDemoEnv } from './demo-env.js';
import { DemoEnvError } from './demo-env-error.js';
import { createDevMailbox } from './dev-mailbox.js';
import { listenDemo } from './listen.js';
import { seedDemoData } from './seed.js';

export interface StartDemoOptions {
  readonly log: (line: string) => void;
  /** Start-up warnings (no SECRET_KEY, ignored options); default `log`. */
  readonly warn?: (line: string) => void;
  /** Where `.secret-key` is kept and relative SQLite paths start; default process.cwd(). */
  readonly cwd?: string;
}

export interface RunningDemo {
  /** BASE_URL (or its default). */
  readonly url: string;
  /** Stops listening, lets in-flight requests finish, closes the datastore. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the demo as `npm start` does; tests call it with their own env and port.
 *
 * @example const demo = await startDemo({ PORT: '8123', DATABASE_URL: 'sqlite:/tmp/d.db' }, { log });
 */
export async function startDemo(env: Env, options: StartDemoOptions): Promise<RunningDemo> {
  const { log } = options;
  const warn = options.warn ?? log;
  // Warnings wait until the environment is known to be good, so a bad one prints a single line.
  const warnings: string[] = [];
  const demo = parseDemoEnv(env, { cwd: options.cwd ?? process.cwd(), warn: (line) => warnings.push(line) });
  for (const line of warnings) warn(line);
  log(mailLine(demo.smtp));
  const datastore = await openDemoDatastore(demo.database);
  try {
    const mailbox = demo.smtp ? null : createDevMailbox(log);
    const mailer = demo.smtp
      ? createSmtpMailer({ url: demo.smtp.url })
      : (mailbox?.mailer ?? createConsoleMailer(log));
    // Without SMTP, texts join the mail on /dev/outbox; with it, they are printed only.
    const smsSender = mailbox?.smsSender ?? createConsoleSmsSender({ log });
    const security = createSecurity({ datastore, config: demo.config, warn, mailer, smsSender });
    if (demo.seed) await seedDemoData(security, log);
    else log('DEMO_SEED=false: not seeding.');
    const server = await listenDemo(security, demo, mailbox);
    log(`Barbican demo on ${demo.baseUrl} (${demo.framework}, ${demo.database.kind})`);
    let closing: Promise<void> | undefined;
    return {
      url: demo.baseUrl,
      close() {
        closing ??= server
          .close()
          .finally(() => security.close())
          .finally(() => datastore.close());
        return closing;
      },
    };
  } catch (error) {
    await datastore.close();
    throw error;
  }
}

function mailLine(smtp: DemoEnv['smtp']): string {
  return smtp
    ? `Mail: over ${smtp.secure ? 'smtps' : 'smtp'}://${smtp.host}:${smtp.port}.`
    : 'Mail: no SMTP_URL, so mail is printed here and kept on /dev/outbox.';
}

async function openDemoDatastore(database: DemoEnv['database']): Promise<Datastore> {
  try {
    return await openDatastore(database.url);
  } catch (error) {
    // Driver messages name hosts and files, not passwords; the URL itself is not repeated.
    throw new Error(
      `DATABASE_URL names a ${database.kind} database that could not be opened (${messageOf(error)})`,
    );
  }
}

/** Runs the demo as a process: exit 2 on a bad environment, 1 on another start failure, 0 on a signal. */
async function main(): Promise<void> {
  // Handlers go in before anything starts: until then a signal would kill the process outright.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const starting = startDemo(process.env, { log: console.log, warn: console.warn });
  signalled
    .then(async (signal) => {
      console.log(`${signal}: shutting down.`);
      // A signal during start-up waits for it, then closes what it opened.
      await (await starting).close();
    })
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Barbican demo: shutdown failed (${messageOf(error)})`);
        process.exit(1);
      },
    );
  try {
    await starting;
  } catch (error) {
    // One line, never a stack trace: the messages are built not to contain secrets.
    console.error(`Barbican demo: ${messageOf(error)}`);
    process.exit(error instanceof DemoEnvError ? 2 : 1);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
