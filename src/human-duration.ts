/** Link lifetimes as people read them ("2 days", "1 hour and 30 minutes"), for mails and messages. */

const UNITS: readonly (readonly [string, number])[] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * The two largest non-zero units of a duration, rounded down.
 *
 * @example humanDuration(5400) // "1 hour and 30 minutes"
 */
export function humanDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 && parts.length < 2) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' and ');
}
