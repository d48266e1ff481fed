import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterProxy, forwardedFor, startClusterProxy } from './cluster-proxy.js';

const servers: Array<Server | TcpServer> = [];
let proxy: ClusterProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** An upstream that answers with its name and the X-Forwarded-For it received. */
async function upstream(name: string): Promise<number> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, xff: req.headers['x-forwarded-for'] ?? null, path: req.url }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * A process that is down: its port stays ours (a merely free port may be taken by a parallel
 * test's server before the proxy connects), and every connection is dropped at once.
 */
async function downUpstream(): Promise<number> {
  const server = createTcpServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the demo cluster proxy', () => {
  it('sends consecutive requests to each process in turn, path and client address passed on', async () => {
    proxy = await startClusterProxy({
      host: '127.0.0.1',
      port: 0,
      upstreams: [await upstream('A'), await upstream('B')],
    });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await (await fetch(`${proxy.url}/api/public?n=${i}`)).json());
    expect(answers).toEqual([
      { name: 'A', xff: '127.0.0.1', path: '/api/public?n=0' },
      { name: 'B', xff: '127.0.0.1', path: '/api/public?n=1' },
      { name: 'A', xff: '127.0.0.1', path: '/api/public?n=2' },
      { name: 'B', xff: '127.0.0.1', path: '/api/public?n=3' },
    ]);
  });

  it('answers 502 for a process that is down, and the next request reaches the other', async () => {
    proxy = await startClusterProxy({
      host: '127.0.0.1',
      port: 0,
      upstreams: [await downUpstream(), await upstream('B')],
    });
    expect((await fetch(`${proxy.url}/`)).status).toBe(502);
    expect(await (await fetch(`${proxy.url}/`)).json()).toMatchObject({ name: 'B' });
  });

  it('appends the peer to an X-Forwarded-For that came in', () => {
    expect(forwardedFor('203.0.113.9', '127.0.0.1')).toBe('203.0.113.9, 127.0.0.1');
    expect(forwardedFor(undefined, '127.0.0.1')).toBe('127.0.0.1');
  });
});
