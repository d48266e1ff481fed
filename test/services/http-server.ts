/**
 * Serves a fetch-style handler over real HTTP on a loopback port, so a real browser can drive it.
 * Requests get absolute URLs on the server's own origin (not the Host header), which is what the
 * Security's externalUrl must equal for `next` checks and cookies to line up.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

export type FetchHandler = (request: Request) => Promise<Response>;

export interface ServedFetch {
  /** The server's origin, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    headers.append(raw[i]!, raw[i + 1]!);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  });
}

async function writeResponse(response: Response, res: ServerResponse, method: string): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    // Headers joins Set-Cookie values with ", ", which breaks cookies carrying an Expires date.
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (response.body === null || method === 'HEAD') {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  await new Promise<void>((resolve, reject) => {
    body.once('error', reject);
    res.once('close', resolve);
    body.pipe(res);
  });
}

/**
 * Listens on 127.0.0.1 (or `options.host`) at a free port. The handler is called per request, so it
 * may be bound after the server starts — which a Security needing the served origin requires.
 *
 * @example
 * let app: TestSecurity | undefined;
 * const server = await serveFetch((request) => app!.fetch(request));
 * app = await createDemoSecurity({ config: { externalUrl: server.url } });
 */
export async function serveFetch(fetch: FetchHandler, options: { host?: string } = {}): Promise<ServedFetch> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const server = createServer((req, res) => {
    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const method = req.method ?? 'GET';
    (async () => {
      const response = await fetch(toRequest(req, origin, aborted.signal));
      await writeResponse(response, res, method);
    })().catch((error: unknown) => {
      // Loud on purpose: a handler crash in a browser test otherwise shows only as a blank page.
      console.error(`serveFetch: ${method} ${req.url} failed`, error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
      }
      res.end(res.headersSent ? undefined : 'Internal Server Error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A browser keeps idle keep-alive connections open; without this close() waits for them.
        server.closeAllConnections();
      }),
  };
}
