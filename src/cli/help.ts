/** Usage texts for `barbican --help`, `barbican <group> --help` and `barbican <group> <command> --help`. */
import type { CommandGroup, CommandSpec } from './command.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./demo.db';

/** True when the user asked for help before any `--` (after it, `-h` is a plain argument). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '-h' || arg === '--help') return true;
  }
  return false;
}

/** Pads the first column so the descriptions line up. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

const ENVIRONMENT = table([
  ['DATABASE_URL', `sqlite:<path> or postgres://… (default ${DEFAULT_DATABASE_URL})`],
  ['BARBICAN_TABLE_PREFIX', "prefix of Barbican's table names, as the app's tablePrefix (e.g. auth_)"],
  ['SECURITY_PASSWORD_*', 'password policy, read as the app reads it (e.g. SECURITY_PASSWORD_LENGTH_MIN)'],
]);

export function topHelp(groups: readonly CommandGroup[]): string {
  return [
    'Usage: barbican <group> <command> [arguments] [options]',
    '',
    "Manage a Barbican app's users, roles and database from the command line.",
    'The database is migrated before every command.',
    '',
    'Groups:',
    ...table(groups.map((group) => [group.name, group.summary])),
    '',
    'Environment:',
    ...ENVIRONMENT,
    '',
    'Run "barbican <group> --help" to list a group\'s commands.',
    '',
  ].join('\n');
}

export function groupHelp(group: CommandGroup): string {
  return [
    `Usage: barbican ${group.name} <command> [arguments] [options]`,
    '',
    `${group.summary}.`,
    '',
    'Commands:',
    ...table(group.commands.map((command) => [command.name, command.summary])),
    '',
    `Run "barbican ${group.name} <command> --help" for a command's arguments and options.`,
    '',
  ].join('\n');
}

export function commandHelp(group: CommandGroup, command: CommandSpec): string {
  const required = Object.entries(command.options)
    .filter(([, option]) => option.required === true)
    .map(([name, option]) => `--${name} ${option.valueName ?? 'VALUE'}`);
  const usage = [
    `barbican ${group.name} ${command.name}`,
    ...command.arguments.map((argument) => argument.name),
    ...required,
    '[options]',
  ].join(' ');
  const optionRows = Object.entries(command.options).map(([name, option]): [string, string] => {
    const left = option.type === 'string' ? `--${name} ${option.valueName ?? 'VALUE'}` : `--${name}`;
    return [left, option.required === true ? `Required. ${option.doc}` : option.doc];
  });
  const lines = [`Usage: ${usage}`, '', `${command.summary}.`, ''];
  if (command.arguments.length > 0) {
    lines.push(
      'Arguments:',
      ...table(command.arguments.map((argument) => [argument.name, argument.doc])),
      '',
    );
  }
  lines.push('Options:', ...table([...optionRows, ['-h, --help', 'Show this help.']]), '');
  lines.push('Environment:', ...ENVIRONMENT, '');
  return lines.join('\n');
}
