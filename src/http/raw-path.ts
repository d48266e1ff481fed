/**
 * The path of a request target without parsing a URL, when parsing could not change it. WHATWG
 * URL parsing resolves dot segments (also percent-encoded ones) and, for http(s), turns `\` into
 * `/`; a path free of `.`, `%` and `\` comes out of it unchanged, so routing may use it as is.
 */
const NEEDS_PARSING = /[.%\\]/;

/** The path of `target` (origin-form, e.g. `/a/b?c`), or undefined when only URL parsing can tell. */
export function rawPathname(target: string): string | undefined {
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  if (path[0] !== '/' || NEEDS_PARSING.test(path) || path.includes('#')) return undefined;
  return path;
}

/** The same for an absolute URL string (`http://host/a?b`), as a Fetch Request carries it. */
export function rawPathnameOfUrl(url: string): string | undefined {
  const scheme = url.indexOf('://');
  if (scheme < 0) return undefined;
  const authority = scheme + 3;
  const slash = url.indexOf('/', authority);
  if (slash < 0) return undefined;
  // A '?', '#' or '\' before the first slash ends the authority elsewhere: let URL parsing decide.
  const host = url.slice(authority, slash);
  if (host.includes('?') || host.includes('#') || host.includes('\\')) return undefined;
  return rawPathname(url.slice(slash));
}
