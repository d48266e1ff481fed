/**
 * Loopback addresses, for what the demo shows only to its own machine (the dev outbox lists every
 * live sign-in link). Judged on the client address the adapter derived — the socket peer, or the
 * client behind `SECURITY_TRUSTED_PROXIES` proxies — never on a header alone.
 */
import { currentState } from '../src/context.js';

/** 127.0.0.0/8 and ::1, in any spelling Node reports (IPv4-mapped forms are normalized by the adapters). */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)) return true;
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

/** True when the current request comes from this machine. */
export function requestFromLoopback(): boolean {
  return isLoopbackAddress(currentState()?.clientIp);
}

/** A HOST value that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}
