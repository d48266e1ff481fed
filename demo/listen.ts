/** Serves a demo app on Node's HTTP server (Hono through @hono/node-server, Express natively). */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { applyServerLimits } from '../src/adapters/server-limits.js';
import type { Security } from '../src/security.js';
import type { DemoEnv } from './demo-env.js';
import type { DevMailbox } from './dev-mailbox.js';
import { createExpressDemoApp } from './express-app.js';
import { createHonoDemoApp } from './hono-app.js';

/** How long in-flight requests may finish after close() before their connections are cut. */
const DRAIN_TIMEOUT_MS = 2000;

export interface ListeningServer {
  close(): Promise<void>;
}

/** Builds the app for DEMO_FRAMEWORK and resolves once it listens on HOST:PORT. */
export async function listenDemo(
  security: Security,
  demo: Pick<DemoEnv, 'framework' | 'host' | 'port' | 'freshWithinSeconds' | 'smtp'>,
  devMailbox: DevMailbox | null = null,
): Promise<ListeningServer> {
  const options = { freshWithinSeconds: demo.freshWithinSeconds, devOutbox: devMailbox !== null, devMailbox };
  const server: Server =
    demo.framework === 'hono'
      ? (serve({
          fetch: createHonoDemoApp(security, options).fetch,
          hostname: demo.host,
          port: demo.port,
        }) as Server)
      : createExpressDemoApp(security, options).listen(demo.port, demo.host);
  // Deadlines for slow heads and bodies and a connection cap (docs/adapters.md, "Your server").
  applyServerLimits(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error) => {
      const code = 'code' in error && typeof error.code === 'string' ? error.code : error.message;
      reject(new Error(`could not listen on ${demo.host}:${demo.port} (${code})`));
    });
  });
  return { close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS).unref();
  });
}
