/**
 * An in-memory HTTP client for `fetch`-style handlers with a cookie jar, so tests go through the
 * front door (`security.handle(new Request(...))`) the way a browser or SPA would.
 */

export type FetchLike = (request: Request) => Promise<Response>;

export interface SendOptions {
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body with its own content type in headers. */
  readonly body?: string | Uint8Array<ArrayBuffer>;
  /** Do not send or store cookies for this request. */
  readonly noCookies?: boolean;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown;
  /** `json.response` for Flask-Security envelopes. */
  readonly body: Record<string, unknown>;
  readonly location: string | null;
  readonly setCookies: readonly string[];
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly fetcher: FetchLike,
    readonly origin = 'http://app.test',
  ) {}

  request(method: string, path: string, options: SendOptions = {}): Promise<TestResponse> {
    const headers = new Headers(options.headers);
    let body: string | Uint8Array<ArrayBuffer> | undefined = options.body;
    if (options.json !== undefined) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(options.form as Record<string, string>).toString();
    }
    if (!options.noCookies && this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const request = new Request(new URL(path, this.origin), { method, headers, body: body ?? null });
    return this.send(request, options.noCookies ?? false);
  }

  get(path: string, options: SendOptions = {}): Promise<TestResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, options: SendOptions = {}): Promise<TestResponse> {
    return this.request('POST', path, options);
  }

  /** GET with `Accept: application/json`, as an SPA asks. */
  getJson(path: string, headers: Readonly<Record<string, string>> = {}): Promise<TestResponse> {
    return this.get(path, { headers: { accept: 'application/json', ...headers } });
  }

  private async send(request: Request, noCookies: boolean): Promise<TestResponse> {
    const response = await this.fetcher(request);
    const setCookies = response.headers.getSetCookie();
    if (!noCookies) this.storeCookies(setCookies);
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const body =
      typeof json === 'object' && json !== null && 'response' in json && typeof json.response === 'object'
        ? (json.response as Record<string, unknown>)
        : {};
    return {
      status: response.status,
      headers: response.headers,
      text,
      json,
      body,
      location: response.headers.get('location'),
      setCookies,
    };
  }

  private storeCookies(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
