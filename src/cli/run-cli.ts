/** The barbican CLI as a function: arguments in, lines out, an exit code back; no process globals. */
import { ConfigError } from '../config/index.js';
import { DatastoreError } from '../datastore/errors.js';
import { type OpenDatastoreOptions, openDatastore } from '../datastore/open-datastore.js';
import type { Datastore } from '../datastore/types.js';
import { cliDatastoreOptions } from './cli-settings.js';
import {
  type CliIO,
  type CommandGroup,
  type CommandOutcome,
  type ExitCode,
  failed,
  usageError,
} from './command.js';
import { dbCommands } from './db-commands.js';
import { commandHelp, DEFAULT_DATABASE_URL, groupHelp, topHelp, wantsHelp } from './help.js';
import { parseCommandLine } from './parse-command-line.js';
import { rolesCommands } from './roles-commands.js';
import { sessionsCommands } from './sessions-commands.js';
import { usersCommands } from './users-commands.js';

export type { CliIO, TextSink } from './command.js';

const GROUPS: readonly CommandGroup[] = [usersCommands, rolesCommands, sessionsCommands, dbCommands];

/**
 * Runs one command line (without the `node barbican` prefix) against the database DATABASE_URL
 * names. Success prints one line to stdout; any failure one line to stderr, without a stack trace
 * or a password. The datastore, when opened, is always closed before this resolves.
 *
 * @example
 * const code = await runCli(['users', 'activate', 'ann@example.com'],
 *   { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined) {
    io.stderr.write(topHelp(GROUPS));
    return 2;
  }
  if (groupName === '-h' || groupName === '--help') {
    io.stdout.write(topHelp(GROUPS));
    return 0;
  }
  const group = GROUPS.find((candidate) => candidate.name === groupName);
  if (group === undefined) {
    return report(io, usageError(`Unknown command group ${groupName}. Run "barbican --help" for usage.`));
  }
  if (commandName === undefined) {
    io.stderr.write(groupHelp(group));
    return 2;
  }
  if (commandName === '-h' || commandName === '--help') {
    io.stdout.write(groupHelp(group));
    return 0;
  }
  const command = group.commands.find((candidate) => candidate.name === commandName);
  if (command === undefined) {
    const hint = `Run "barbican ${group.name} --help" for its commands.`;
    return report(io, usageError(`Unknown command ${group.name} ${commandName}. ${hint}`));
  }
  if (wantsHelp(rest)) {
    io.stdout.write(commandHelp(group, command));
    return 0;
  }
  const parsed = parseCommandLine(command, rest);
  if (!parsed.ok) {
    const hint = `Run "barbican ${group.name} ${command.name} --help" for usage.`;
    return report(io, usageError(`${parsed.message} ${hint}`));
  }

  const url = io.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  let store: Datastore | undefined;
  try {
    const outcome = await command.run({
      line: parsed.line,
      env: io.env,
      openDatastore: async () => {
        store ??= await openDatabase(url, cliDatastoreOptions(io.env));
        return store;
      },
    });
    return report(io, outcome);
  } catch (error) {
    return report(io, failed(redact(describeError(error), secretsIn(rest))));
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function report(io: CliIO, outcome: CommandOutcome): ExitCode {
  if (outcome.exitCode === 0) {
    io.stdout.write(`${outcome.message}\n`);
  } else {
    io.stderr.write(`barbican: ${outcome.message}\n`);
  }
  return outcome.exitCode;
}

async function openDatabase(url: string, options: OpenDatastoreOptions): Promise<Datastore> {
  try {
    // A command serves no guarded requests: the session cache (and its PostgreSQL LISTEN
    // connection) would be opened for nothing.
    return await openDatastore(url, { sessionCache: false, ...options });
  } catch (error) {
    throw new Error(`Cannot open the database ${withoutPassword(url)}: ${describeError(error)}`);
  }
}

/** A postgres:// URL may carry a password: keep it out of messages. */
function withoutPassword(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '****';
    return parsed.toString();
  } catch {
    return 'named by DATABASE_URL';
  }
}

/** One line, no stack: the message of what failed, whatever was thrown. */
function describeError(error: unknown): string {
  if (error instanceof DatastoreError) {
    return `${error.message}.`;
  }
  if (error instanceof ConfigError) {
    return error.message.replace(/^Barbican: /, '');
  }
  let message = error instanceof Error ? error.message : String(error);
  // A failed connection to "localhost" is an AggregateError (one error per address) with no message.
  if (message === '' && error instanceof AggregateError) {
    const first: unknown = error.errors[0];
    message = first instanceof Error ? first.message : '';
  }
  if (message === '' && typeof error === 'object' && error !== null && 'code' in error) {
    message = String(error.code);
  }
  return (message || 'Unexpected error.').replace(/\s*\n\s*/g, ' ');
}

/** The values given to --password, so no message can repeat them. */
function secretsIn(argv: readonly string[]): string[] {
  const secrets: string[] = [];
  argv.forEach((arg, index) => {
    if (arg.startsWith('--password=')) secrets.push(arg.slice('--password='.length));
    const next = argv[index + 1];
    if (arg === '--password' && next !== undefined) secrets.push(next);
  });
  return secrets.filter((secret) => secret !== '');
}

function redact(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join('****'), message);
}
