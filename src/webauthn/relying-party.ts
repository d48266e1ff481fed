/**
 * The relying party's identity, from externalUrl only: a Host header is the client's to choose,
 * so an RP ID or origin taken from it would let a forged request pass the origin checks.
 */
import type { SecurityConfig } from '../config/options.js';

export interface RelyingParty {
  /** The RP ID: externalUrl's host name (e.g. "example.com", or "127.0.0.1" in tests). */
  readonly id: string;
  /** The origin clientDataJSON must carry (scheme, host and port of externalUrl). */
  readonly origin: string;
  readonly name: string;
}

/** @example relyingParty(config) // { id: 'example.com', origin: 'https://example.com', name: 'My App' } */
export function relyingParty(config: Pick<SecurityConfig, 'externalUrl' | 'wanRpName'>): RelyingParty {
  const url = new URL(config.externalUrl);
  return { id: url.hostname, origin: url.origin, name: config.wanRpName };
}
