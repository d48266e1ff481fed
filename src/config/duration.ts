/** Durations in configuration: seconds as a number, or strings such as "90", "15m" and "1h30m". */
import { invalidValue } from './config-error.js';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Units at most once each, largest first (d, h, m, s), optional spaces between parts, one leading sign. */
const WITH_UNITS =
  /^(-)?\s*(?:(\d+(?:\.\d+)?)d)?\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*(?:(\d+(?:\.\d+)?)s)?$/;

const EXPECTED =
  'a duration: seconds as a number, or a string such as "90", "15m" or "1h30m" (units d, h, m, s)';

/**
 * Parses a duration option to seconds; throws a ConfigError naming the option otherwise.
 * A leading "-" is allowed because a negative freshness disables the check, as upstream.
 *
 * @example parseDurationSeconds('1h30m', 'freshness') // 5400
 */
export function parseDurationSeconds(value: unknown, optionName: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw invalidValue(optionName, EXPECTED, value);
  }
  if (typeof value !== 'string') throw invalidValue(optionName, EXPECTED, value);

  const text = value.trim();
  if (PLAIN_NUMBER.test(text)) return Number(text);

  const match = WITH_UNITS.exec(text);
  // Every group after the sign is optional, so the pattern also matches "" and "-": require a part.
  if (match === null || match.slice(2).every((part) => part === undefined)) {
    throw invalidValue(optionName, EXPECTED, value);
  }
  const [, sign, days, hours, minutes, seconds] = match;
  const total =
    Number(days ?? 0) * UNIT_SECONDS.d +
    Number(hours ?? 0) * UNIT_SECONDS.h +
    Number(minutes ?? 0) * UNIT_SECONDS.m +
    Number(seconds ?? 0) * UNIT_SECONDS.s;
  return sign === undefined ? total : -total;
}
