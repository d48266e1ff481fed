/** Starts the demo routes on a real loopback socket, through the Hono or the Express adapter. */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createExpressDemoApp } from '../../demo/express-app.js';
import { createHonoDemoApp } from '../../demo/hono-app.js';
import type { TestSecurity } from '../../src/testing/create-test-security.js';
import { TestClient } from '../../src/testing/test-client.js';
import { createDemoSecurity } from '../fixtures/demo-routes.js';
import { freePort } from '../services/free-port.js';

/** `-routes`: the demo app mounts barbicanRoutes(security) instead of barbican(security). */
export type Framework = 'hono' | 'hono-routes' | 'express' | 'express-parsers-first' | 'express-routes';

export interface RunningApp {
  readonly url: string;
  readonly t: TestSecurity;
  client(): TestClient;
  close(): Promise<void>;
}

export async function startApp(
  framework: Framework,
  config: Record<string, unknown> = {},
): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await createDemoSecurity({ config: { externalUrl: url, ...config } });
  const options = {
    freshWithinSeconds: 60,
    mount: framework.endsWith('-routes') ? 'routes' : 'middleware',
  } as const;
  let server: Server;
  if (framework.startsWith('hono')) {
    const app = createHonoDemoApp(t.security, options);
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }) as Server;
  } else {
    const app = createExpressDemoApp(t.security, {
      ...options,
      parsersFirst: framework === 'express-parsers-first',
    });
    server = app.listen(port, '127.0.0.1');
  }
  await new Promise<void>((resolve) =>
    server.listening ? resolve() : server.once('listening', () => resolve()),
  );
  return {
    url,
    t,
    client: () => new TestClient((request) => fetch(request, { redirect: 'manual' }), url),
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
