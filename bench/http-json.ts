/**
 * A lean JSON client on node:http for the bench's logins: fetch (undici) cost the load generator
 * about 1 ms of CPU per request, which on a 2-CPU machine comes out of the server's hashing.
 */
import { Agent, request } from 'node:http';

export interface JsonResponse {
  readonly status: number;
  readonly setCookies: readonly string[];
  /** The parsed body (Flask-Security's envelope for Barbican's endpoints). */
  readonly json: unknown;
}

// Idle sockets are dropped after 4 s, before the server's 5 s keepAliveTimeout closes them: on a
// busy machine a socket the server had just closed was reused and the request died (ECONNRESET).
const agent = new Agent({ keepAlive: true, timeout: 4000 });

export function requestJson(
  url: string,
  options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonResponse> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`bench targets 127.0.0.1 only: ${url}`);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = incoming.statusCode ?? 0;
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          reject(
            new Error(
              `${options.method ?? 'GET'} ${url} answered ${status}, not JSON: ${text.slice(0, 200)}`,
            ),
          );
          return;
        }
        resolve({ status, setCookies: incoming.headers['set-cookie'] ?? [], json });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
