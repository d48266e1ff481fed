/** Cookie parsing and serialization (RFC 6265), values returned rather than applied. */

export interface CookieOptions {
  readonly path?: string;
  readonly domain?: string | null;
  readonly maxAgeInSeconds?: number;
  readonly expires?: Date;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
  readonly sameSite?: 'Lax' | 'Strict' | 'None';
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE = /^[!#-+\--:<-[\]-~]*$/;

/** First value of each cookie name; malformed pairs are skipped. */
export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!cookies.has(name) && COOKIE_NAME.test(name)) cookies.set(name, value);
  }
  return cookies;
}

/** One cookie's value, as parseCookies(header).get(name) would answer it, without the Map. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  let start = 0;
  while (start <= header.length) {
    const end = header.indexOf(';', start);
    const stop = end === -1 ? header.length : end;
    const eq = header.indexOf('=', start);
    if (eq > start && eq < stop && header.slice(start, eq).trim() === name) {
      const value = header.slice(eq + 1, stop).trim();
      return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
    }
    start = stop + 1;
  }
  return undefined;
}

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!COOKIE_NAME.test(name)) throw new TypeError(`invalid cookie name: ${name}`);
  if (!COOKIE_VALUE.test(value)) throw new TypeError(`invalid cookie value for ${name}`);
  const parts = [`${name}=${value}`];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  parts.push(`Path=${options.path ?? '/'}`);
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  if (options.maxAgeInSeconds !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAgeInSeconds)}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.sameSite) parts.push(`SameSite=${options.sameSite}`);
  return parts.join('; ');
}

export function deleteCookie(name: string, options: CookieOptions = {}): string {
  return serializeCookie(name, '', { ...options, expires: new Date(0), maxAgeInSeconds: 0 });
}
