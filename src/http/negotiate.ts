/**
 * Decides JSON versus HTML the way Flask-Security clients expect: JSON when the body is JSON, or
 * when application/json is the better Accept match than text/html (ties go to HTML unless the JSON
 * entry is the more specific one, so `application/json, *\/*` is JSON and `*\/*` is HTML).
 */

interface AcceptMatch {
  readonly q: number;
  /** 2 exact type, 1 type wildcard, 0 full wildcard, -1 no match. */
  readonly specificity: number;
}

function matchAccept(accept: string, type: string, subtype: string): AcceptMatch {
  let best: AcceptMatch = { q: 0, specificity: -1 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const [t, s] = range.trim().split('/');
    let specificity = -1;
    if (t === type && s === subtype) specificity = 2;
    else if (t === type && s === '*') specificity = 1;
    else if (t === '*' && s === '*') specificity = 0;
    if (specificity < 0) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q' && v !== undefined) {
        const parsed = Number.parseFloat(v);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    if (specificity > best.specificity) best = { q, specificity };
  }
  return best;
}

export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** True when the response should be Flask-Security's JSON envelope rather than HTML. */
export function wantsJson(request: Request): boolean {
  if (isJsonContentType(request.headers.get('content-type'))) return true;
  const accept = request.headers.get('accept');
  if (!accept) return false;
  const json = matchAccept(accept, 'application', 'json');
  const html = matchAccept(accept, 'text', 'html');
  if (json.q <= 0) return false;
  if (json.q !== html.q) return json.q > html.q;
  return json.specificity > html.specificity;
}
