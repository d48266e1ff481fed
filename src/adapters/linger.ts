/**
 * Lingering after a 413. A client that sends its whole body before reading the answer (most
 * HTTP clients, browsers included) gets a reset instead of the 413 when the server closes while
 * bytes are still arriving: measured with a 10 MB upload to /login, every attempt saw EPIPE. So
 * the refusal goes out on a connection kept open, the rest of the body is read and thrown away,
 * and only a body beyond LINGER_MAX_BYTES, or one still arriving after LINGER_MAX_MS, is cut.
 */
import type { IncomingMessage } from 'node:http';

export const LINGER_MAX_BYTES = 64 * 1024 * 1024;
export const LINGER_MAX_MS = 5_000;

/** True when the refusal should be answered on an open connection while the body drains. */
export function shouldLinger(response: Response, incoming: IncomingMessage | undefined): boolean {
  return response.status === 413 && incoming !== undefined && !incoming.readableEnded && !incoming.destroyed;
}

/** The refusal without `Connection: close`, so the server does not close before the drain. */
export function keptOpen(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.delete('connection');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Reads and discards the rest of the body within the bounds; past them the socket is closed. */
export function drainBody(
  incoming: IncomingMessage,
  limits: { maxBytes: number; maxMs: number } = { maxBytes: LINGER_MAX_BYTES, maxMs: LINGER_MAX_MS },
): void {
  // A Web stream made of this request (Readable.toWeb) would pause the flow once its queue filled.
  incoming.removeAllListeners('data');
  let bytes = 0;
  const cut = (): void => {
    clearTimeout(timer);
    incoming.socket?.destroy();
  };
  const timer = setTimeout(cut, limits.maxMs);
  timer.unref();
  incoming.on('data', (chunk: Buffer) => {
    bytes += chunk.byteLength;
    if (bytes > limits.maxBytes) cut();
  });
  incoming.once('end', () => clearTimeout(timer));
  incoming.once('close', () => clearTimeout(timer));
  incoming.resume();
}
