/**
 * How a link lifetime reads in mails and expiry messages: "2 hours", "1 day and 6 hours" (the two
 * largest units, English). Same output as confirm's humanDuration; one shared helper would do.
 */

const UNITS = [
  ['day', 24 * 60 * 60],
  ['hour', 60 * 60],
  ['minute', 60],
  ['second', 1],
] as const;

export function withinText(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 && parts.length < 2) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' and ') : '0 seconds';
}
