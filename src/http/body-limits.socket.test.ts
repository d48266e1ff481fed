/** Oversized and stalled bodies over a real socket, through each adapter: a clean 413 or 408. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Framework, type RunningApp, startApp } from '../../test/adapters/servers.js';

const TEN_MB = Buffer.alloc(10 * 1024 * 1024, 'a');

/** Sends a request head and `body` on a raw socket; resolves with what the server sent back. */
function rawExchange(url: string, head: string, body?: Buffer): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, closed: true }));
    socket.write(head);
    if (body) socket.write(body);
  });
}

/**
 * Sends a 10 MB body and reads only once all of it is written, as most clients do: a server that
 * closes while bytes still arrive resets the connection and the answer is lost (EPIPE).
 */
function uploadThenRead(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.pause();
    let text = '';
    let error = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      // The head is enough; the connection stays open (keep-alive) once the body is drained.
      if (text.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', (e) => {
      error = e.message;
    });
    socket.on('close', () => resolve(text.split('\r\n')[0] || error));
    socket.write(
      'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Accept: application/json\r\nContent-Length: ${TEN_MB.length}\r\n\r\n`,
    );
    socket.write(TEN_MB, () => socket.resume());
  });
}

for (const framework of ['hono', 'express'] as Framework[]) {
  describe(`${framework}: request bodies over the limit or stalled`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(framework, { bodyReadTimeout: 1 });
    });
    afterAll(async () => {
      await app.close();
    });

    it('answers a 10 MB upload to /login with a 413 the client reads, every time', async () => {
      const statuses: Array<number | string> = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await fetch(`${app.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: TEN_MB,
        }).catch((error: unknown) => `${(error as Error).cause ?? error}`);
        statuses.push(typeof res === 'string' ? res : res.status);
        if (typeof res !== 'string') await res.arrayBuffer();
      }
      expect(statuses).toEqual([413, 413, 413, 413, 413]);
    });

    it('lets a client that reads only after sending 10 MB read the 413, every time', async () => {
      const lines: string[] = [];
      for (let i = 0; i < 3; i += 1) lines.push(await uploadThenRead(app.url));
      expect(lines).toEqual(Array(3).fill('HTTP/1.1 413 Payload Too Large'));
    });

    it('answers 413 when the body grows past the limit without a Content-Length', async () => {
      const res = await fetch(`${app.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 40; i += 1) controller.enqueue(new Uint8Array(256 * 1024));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    });

    it('answers a stalled body with 408 and closes the connection', async () => {
      const head =
        'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Accept: application/json\r\nContent-Length: 1000\r\n\r\n{"email":';
      const { text, closed } = await rawExchange(app.url, head);
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(closed).toBe(true);
    });
  });
}
