// A fresh app using the installed tarball: Hono on a real socket, SQLite, no TypeScript tooling.
import { serve } from '@hono/node-server';
import { createSecurity } from 'barbican';
import { authRequired, barbican, barbicanRoutes, currentUser } from 'barbican/hono';
import { createSqliteDatastore } from 'barbican/sqlite';
import { Hono } from 'hono';

const datastore = await createSqliteDatastore({ filename: ':memory:', tablePrefix: 'auth_' });
const security = createSecurity({
  datastore,
  config: {
    secretKey: 'pack-secret-0123456789abcdefghijklmno',
    externalUrl: 'http://127.0.0.1',
    // Its pages load @simplewebauthn/browser from the installed package (pack.test.ts fetches it).
    webauthn: true,
  },
  mailWorker: { autoStart: false },
});
await datastore.createUser({
  email: 'joe@example.com',
  password: await security.hashPassword('a long passphrase 1'),
});
const app = new Hono();
const me = (c) => c.json({ email: currentUser()?.email });
if (process.env.MOUNT === 'routes') {
  // The other mount: the endpoints as routes, the guard and handler as one route handler.
  const mounted = barbicanRoutes(security);
  app.route('/', mounted.routes);
  app.get('/me', mounted.guarded(mounted.authRequired('token'), me));
} else {
  app.use(barbican(security));
  app.get('/me', authRequired('token'), me);
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening ${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
