/** Reads one command's arguments and options with node:util parseArgs; errors become one-line usage messages. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CommandSpec, ParsedCommandLine } from './command.js';

export type ParseCommandLineResult =
  | { readonly ok: true; readonly line: ParsedCommandLine }
  | { readonly ok: false; readonly message: string };

/**
 * Checks `argv` (what follows `barbican <group> <command>`) against the command's declared
 * arguments and options. Messages name options and count arguments but never repeat a value:
 * a mistyped `--pasword secret` must not print the password back.
 *
 * @example parseCommandLine(createUserCommand, ['ann@example.com', '--password', 'correct horse'])
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParseCommandLineResult {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = { type: option.type, multiple: option.multiple === true };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: dashValuesJoined(spec, argv), options, allowPositionals: true, strict: true });
  } catch (error) {
    return { ok: false, message: describeParseError(error) };
  }
  const { values, positionals } = parsed;
  const expected = spec.arguments;
  const missing = expected[positionals.length];
  if (missing !== undefined) {
    return { ok: false, message: `Missing argument ${missing.name}.` };
  }
  if (positionals.length > expected.length) {
    const names = expected.map((argument) => argument.name).join(' ');
    const wanted = expected.length === 0 ? 'no arguments' : `${expected.length} (${names})`;
    return { ok: false, message: `Too many arguments: expected ${wanted}, got ${positionals.length}.` };
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required === true && values[name] === undefined) {
      return { ok: false, message: `Missing option --${name}.` };
    }
  }
  return { ok: true, line: commandLine(positionals, values) };
}

/**
 * `--id -Xy…` as getopt reads it: a string option takes the next word as its value even when it
 * starts with "-" (a session id, a password), unless that word is one of the command's own
 * options. parseArgs alone calls it ambiguous, and base64url ids start with "-" one time in 64.
 */
function dashValuesJoined(spec: CommandSpec, argv: readonly string[]): string[] {
  const known = (word: string): boolean => {
    if (word === '--' || word === '-h' || word === '--help') return true;
    const name = /^--([^=]+)/.exec(word)?.[1];
    return name !== undefined && Object.hasOwn(spec.options, name);
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] ?? '';
    const next = argv[i + 1];
    const name = /^--([^=]+)$/.exec(word)?.[1];
    const takesValue =
      name !== undefined && Object.hasOwn(spec.options, name) && spec.options[name]?.type === 'string';
    if (takesValue && next?.startsWith('-') && !known(next)) {
      out.push(`${word}=${next}`);
      i += 1;
    } else {
      out.push(word);
    }
  }
  return out;
}

function commandLine(args: readonly string[], values: Record<string, unknown>): ParsedCommandLine {
  return {
    args,
    string(option) {
      const value = values[option];
      return typeof value === 'string' ? value : undefined;
    },
    strings(option) {
      const value = values[option];
      if (typeof value === 'string') return [value];
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    },
    flag(option) {
      return values[option] === true;
    },
  };
}

/** parseArgs's messages span lines and suggest shell syntax; these keep to the option's name. */
function describeParseError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : '';
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return `Unknown option ${option}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('ambiguous')) {
      return `Option ${option} needs a value; write ${option}=VALUE for a value that starts with "-".`;
    }
    if (message.includes('missing')) {
      return `Option ${option} needs a value.`;
    }
    if (message.includes('does not take an argument')) {
      return `Option ${option} takes no value.`;
    }
  }
  return 'The command line could not be read.';
}
