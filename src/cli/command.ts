/** What every CLI command shares: where its output goes, what it is given, and what it returns. */
import type { Datastore } from '../datastore/types.js';

/** process.stdout / process.stderr, or a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIO {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** 0 done, 1 the operation failed, 2 the command line was wrong (the usual CLI convention). */
export type ExitCode = 0 | 1 | 2;

/** A command's result: one line for stdout (exit 0) or stderr (otherwise). */
export interface CommandOutcome {
  readonly exitCode: ExitCode;
  readonly message: string;
}

export function succeeded(message: string): CommandOutcome {
  return { exitCode: 0, message };
}

export function failed(message: string): CommandOutcome {
  return { exitCode: 1, message };
}

export function usageError(message: string): CommandOutcome {
  return { exitCode: 2, message };
}

/** One option as the help shows it and node:util parseArgs reads it. */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  /** Placeholder in help, for string options (`--password PASSWORD`). */
  readonly valueName?: string;
  readonly required?: boolean;
  /** May be given more than once (`--role a --role b`). */
  readonly multiple?: boolean;
  readonly doc: string;
}

export interface CommandArgument {
  readonly name: string;
  readonly doc: string;
}

/** The command line after parsing: exactly the declared arguments, and the options given. */
export interface ParsedCommandLine {
  /** The declared arguments, in order; all present. */
  readonly args: readonly string[];
  string(option: string): string | undefined;
  strings(option: string): readonly string[];
  flag(option: string): boolean;
}

export interface CommandContext {
  readonly line: ParsedCommandLine;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Opens and migrates the database DATABASE_URL names; runCli closes it. */
  openDatastore(): Promise<Datastore>;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly arguments: readonly CommandArgument[];
  readonly options: Readonly<Record<string, CommandOption>>;
  run(context: CommandContext): Promise<CommandOutcome>;
}

/** The name and one-line summary of a command, as help shows them; what a command factory is given. */
export type CommandAbout = Pick<CommandSpec, 'name' | 'summary'>;

export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly CommandSpec[];
}
