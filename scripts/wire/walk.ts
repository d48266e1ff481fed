/**
 * A tiny JSON client with a cookie jar over any `fetch`-shaped transport, and the "shape" of an
 * answer (status, Location, response keys with their JSON types): what an SPA depends on, without
 * the values that differ by nature (tokens, secrets, times). Used to walk the same requests
 * against the Flask-Security peer and Barbican side by side.
 */
export type Transport = (request: Request) => Promise<Response>;

export interface Shape {
  readonly status: number;
  readonly location: string | null;
  /** `key:type` of `response`, sorted; nested objects one level deep as `key.sub:type`. */
  readonly keys: readonly string[];
  readonly body: Record<string, unknown> | null;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function shapeOf(status: number, location: string | null, body: unknown): Shape {
  const response =
    typeof body === 'object' && body !== null && 'response' in body
      ? (body as { response: Record<string, unknown> }).response
      : null;
  const keys: string[] = [];
  for (const [key, value] of Object.entries(response ?? {})) {
    keys.push(`${key}:${typeOf(value)}`);
    if (typeOf(value) === 'object') {
      for (const [sub, inner] of Object.entries(value as Record<string, unknown>)) {
        keys.push(`${key}.${sub}:${typeOf(inner)}`);
      }
    }
  }
  return { status, location, keys: keys.sort(), body: response };
}

export class Walker {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly transport: Transport,
    private readonly origin: string,
  ) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair === undefined || at < 1) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async send(method: string, path: string, json?: Record<string, unknown>): Promise<Shape> {
    const headers = new Headers({ accept: 'application/json' });
    if (this.jar.size > 0) {
      headers.set('cookie', [...this.jar].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (method !== 'GET') headers.set('origin', this.origin);
    const response = await this.transport(
      new Request(new URL(path, this.origin), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        redirect: 'manual',
      }),
    );
    this.remember(response);
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return shapeOf(response.status, response.headers.get('location'), body);
  }

  /** A POST carrying the csrf_token a JSON GET of /login hands out (both sides accept it). */
  async post(path: string, json: Record<string, unknown>): Promise<Shape> {
    const csrf = (await this.send('GET', '/login')).body?.csrf_token;
    return this.send('POST', path, { ...json, csrf_token: csrf });
  }
}
