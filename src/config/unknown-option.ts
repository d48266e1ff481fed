/** Keys resolveConfig does not implement: Flask-Security's are warned about once, others are typos. */
import { ConfigError } from './config-error.js';
import { FLASK_SECURITY_OPTIONS, flaskSecurityOptionStatus } from './flask-security-options.js';
import { snakeToCamel, upstreamKey } from './option-names.js';
import { OPTION_SPECS } from './options.js';

const MAX_SUGGESTION_DISTANCE = 3;

/** Per process, as upstream's own deprecation warnings: a warning per option, not per resolveConfig call. */
const warnedOptions = new Set<string>();

/**
 * Accepts a Flask-Security key Barbican does not implement (warning once), or throws
 * CONFIG_UNKNOWN_OPTION with a "did you mean" when the key is close to a known one.
 */
export function handleUnknownOption(option: string, warn: (message: string) => void): void {
  const status = flaskSecurityOptionStatus(option);
  if (status === undefined) throw unknownOption(option);
  if (warnedOptions.has(option)) return;
  warnedOptions.add(option);
  const why =
    status.status === 'planned'
      ? `is not implemented yet (planned: ${status.feature})`
      : status.status === 'not-applicable'
        ? `does not apply to Barbican (${status.reason})`
        : 'is listed as supported but missing from OPTION_SPECS';
  warn(`Barbican: option "${option}" (Flask-Security ${upstreamKey(option)}) ${why}; ignored.`);
}

function unknownOption(option: string): ConfigError {
  const suggestion = suggestOption(option);
  const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  return new ConfigError(
    'CONFIG_UNKNOWN_OPTION',
    option,
    `Barbican: unknown option "${option}"; it is neither a Barbican nor a Flask-Security option.${hint}`,
  );
}

/** The closest known name: first a SECURITY_SNAKE_CASE spelling of one, then within edit distance 3. */
export function suggestOption(option: string): string | undefined {
  const known = [...Object.keys(OPTION_SPECS), ...Object.keys(FLASK_SECURITY_OPTIONS)];
  const camel = snakeToCamel(option.replace(/^SECURITY_/i, ''));
  if (option.includes('_') && known.includes(camel)) return camel;

  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const name of known) {
    const distance = levenshtein(option.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edit distance with one rolling row; option names are short, so O(n·m) is nothing. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
