/**
 * A tiny round-robin HTTP proxy for `npm run demo:cluster`: each request goes to the next demo
 * process, so consecutive requests of one browser land on different processes. It appends the
 * client's address to X-Forwarded-For, which the processes trust for exactly one hop
 * (SECURITY_TRUSTED_PROXIES=1). A demo tool, not a production load balancer.
 */
import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

export interface ClusterProxy {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export interface ClusterProxyOptions {
  readonly host: string;
  readonly port: number;
  /** Ports of the demo processes on 127.0.0.1. */
  readonly upstreams: readonly number[];
}

/** X-Forwarded-For as the next hop must see it: what came in, then the peer that sent it. */
export function forwardedFor(incoming: string | string[] | undefined, peer: string | undefined): string {
  const before = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  const self = peer ?? 'unknown';
  return before ? `${before}, ${self}` : self;
}

export async function startClusterProxy(options: ClusterProxyOptions): Promise<ClusterProxy> {
  if (options.upstreams.length === 0) throw new TypeError('startClusterProxy needs at least one upstream');
  let next = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const port = options.upstreams[next % options.upstreams.length];
    next += 1;
    const headers = {
      ...req.headers,
      'x-forwarded-for': forwardedFor(req.headers['x-forwarded-for'], req.socket.remoteAddress),
    };
    const upstream = forward(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      // A process that is down (killed, restarting) answers 502; the next request tries the other.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad gateway: that demo process is not answering.\n');
    });
    req.pipe(upstream);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
