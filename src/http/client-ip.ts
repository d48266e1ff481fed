/**
 * The client address behind N trusted reverse proxies: each proxy appends the address it saw to
 * X-Forwarded-For, so the N-th entry from the right is the last one a trusted proxy wrote.
 * Entries left of it are client-supplied and never trusted.
 */
export function clientIpFrom(
  socketAddress: string | null | undefined,
  forwardedFor: string | null | undefined,
  trustedProxies: number,
): string | null {
  const direct = normalizeAddress(socketAddress);
  if (trustedProxies <= 0 || !forwardedFor) return direct;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const index = hops.length - trustedProxies;
  // Fewer entries than proxies: the request skipped a proxy; the nearest claim is all we have.
  const candidate = index >= 0 ? hops[index] : hops[0];
  return normalizeAddress(candidate) ?? direct;
}

function normalizeAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const trimmed = address.trim();
  if (trimmed.length > 64 || !/^[0-9A-Fa-f:.[\]%a-zA-Z]+$/.test(trimmed)) return null;
  // IPv4-mapped IPv6 from dual-stack sockets: report the IPv4 form.
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}
