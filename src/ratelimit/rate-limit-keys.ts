/**
 * Counter keys. Identities and recipients are hashed (no addresses in Redis, bounded key length);
 * an IPv6 client is keyed by its /64, since one host usually holds the whole prefix.
 */
import { createHash } from 'node:crypto';

export function subjectKey(subject: string): string {
  return createHash('sha256').update(subject.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

/** The address a limit counts by; requests without one (in-process calls) share one bucket. */
export function ipKey(ip: string | null): string {
  if (!ip) return 'none';
  if (!ip.includes(':')) return ip;
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const [head = '', tail = ''] = bare.split('::', 2);
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = bare.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
