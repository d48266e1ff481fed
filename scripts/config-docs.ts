/**
 * Renders docs/configuration.md from the option tables, so the docs cannot drift from the code.
 * Node 20 cannot run TypeScript, so src/config/config-docs.test.ts compares the committed file with
 * this output and rewrites it when UPDATE_DOCS=1.
 */
import { REQUIRED_OPTIONS } from '../src/config/cross-checks.js';
import { FLASK_SECURITY_OPTIONS } from '../src/config/flask-security-options.js';
import { envVariableName, upstreamKey } from '../src/config/option-names.js';
import type { OptionSpec } from '../src/config/option-spec.js';
import { OPTION_SPECS } from '../src/config/options.js';

const DURATION_UNITS = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
] as const;

/** The whole of docs/configuration.md. */
export function renderConfigDocs(): string {
  return [...intro(), ...optionsTable(), ...unsupportedTable()].join('\n');
}

function intro(): string[] {
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config by scripts/config-docs.ts; do not edit by hand.',
    '     Refresh with: UPDATE_DOCS=1 npx vitest run src/config/config-docs.test.ts -->',
    '',
    'Barbican reads one configuration object, checked once at start-up by `resolveConfig(input)`. It',
    'returns a new frozen object with every default filled in and never changes the object you pass.',
    'A wrong value throws a `ConfigError` whose `option` and `code` (`CONFIG_UNKNOWN_OPTION`,',
    '`CONFIG_INVALID_VALUE`, `CONFIG_MISSING`) say what to fix.',
    '',
    "Option names are Flask-Security's keys in camelCase without the `SECURITY_` prefix",
    '(`SECURITY_TOKEN_MAX_AGE` becomes `tokenMaxAge`), so its documentation carries over.',
    '`configFromEnv(process.env)` collects the variables in the table below: values are read as JSON',
    'when they parse (`true`, `3600`, `["session","basic"]`, `null`), as text otherwise; string options',
    'always keep the raw text.',
    '',
    'Durations are seconds, given as a number or as a string such as `"90"`, `"15m"`, `"24h"` or',
    '`"1h30m"` (units `d`, `h`, `m`, `s`, largest first).',
    '',
  ];
}

function optionsTable(): string[] {
  const rows = Object.entries(OPTION_SPECS as Readonly<Record<string, OptionSpec>>).map(([option, spec]) => [
    `\`${option}\``,
    `\`${envVariableName(option)}\``,
    typeOf(spec),
    defaultOf(option, spec),
    spec.doc,
  ]);
  return [
    '## Options',
    '',
    ...table(['Option', 'Environment variable', 'Type', 'Default', 'Meaning'], rows),
    '',
  ];
}

function unsupportedTable(): string[] {
  const entries = Object.entries(FLASK_SECURITY_OPTIONS);
  const unsupported = entries.filter(([, status]) => status.status !== 'supported');
  const rows = unsupported.map(([option, status]) => [
    `\`${upstreamKey(option)}\``,
    `\`${option}\``,
    status.status,
    status.status === 'planned' ? status.feature : status.status === 'not-applicable' ? status.reason : '',
  ]);
  return [
    '## Flask-Security options not supported yet',
    '',
    `Flask-Security documents ${entries.length} options (besides its messages); Barbican supports`,
    `${entries.length - unsupported.length} of them, listed above. Passing one of the others is not an error:`,
    'it is ignored with a single warning naming the feature it belongs to. Any other unknown name is an',
    'error, with a suggestion when it is close to a known one.',
    '',
    "The message overrides (`SECURITY_MSG_*`, camel-cased `msg…`) are planned with Barbican's",
    'localised messages and are not listed one by one.',
    '',
    ...table(['Flask-Security key', 'Option', 'Status', 'Feature or reason'], rows),
    '',
  ];
}

/** A Markdown table with padded columns, the layout `biome format` gives Markdown tables. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const escaped = [header, ...rows].map((cells) => cells.map((cell) => cell.replaceAll('|', '\\|')));
  const widths = header.map((_, column) =>
    Math.max(3, ...escaped.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
  const [head = [], ...body] = escaped;
  return [line(head), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}

function typeOf(spec: OptionSpec): string {
  const choices = spec.choices?.map((choice) => `\`"${choice}"\``).join(' or ');
  const base =
    spec.kind === 'string-list'
      ? `list of ${choices ?? 'strings'}`
      : spec.kind === 'string' && choices !== undefined
        ? choices
        : spec.kind;
  return spec.nullable === true ? `${base}, or null` : base;
}

function defaultOf(option: string, spec: OptionSpec): string {
  if ((REQUIRED_OPTIONS as readonly string[]).includes(option)) return '_required_';
  if (spec.kind === 'duration' && typeof spec.default === 'number') {
    return `\`${spec.default}\` (${humanDuration(spec.default)})`;
  }
  return `\`${JSON.stringify(spec.default)}\``;
}

/** 5400 → "1h30m", the same notation the options accept. */
function humanDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = Math.abs(seconds);
  let text = '';
  for (const [unit, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return seconds < 0 ? `-${text}` : text;
}
