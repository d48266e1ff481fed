// A fresh app using the installed tarball: Express on a real socket, SQLite, no TypeScript tooling.
import { createSecurity } from 'barbican';
import { authRequired, barbican, barbicanErrorHandler, barbicanRoutes, currentUser } from 'barbican/express';
import { openDatastore } from 'barbican/kysely';
import express from 'express';

const datastore = await openDatastore('sqlite::memory:');
const security = createSecurity({
  datastore,
  config: { secretKey: 'pack-secret-0123456789abcdefghijklmno', externalUrl: 'http://127.0.0.1' },
  mailWorker: { autoStart: false },
});
await datastore.createUser({
  email: 'joe@example.com',
  password: await security.hashPassword('a long passphrase 1'),
});
const app = express();
const me = (_req, res) => res.json({ email: currentUser()?.email });
if (process.env.MOUNT === 'routes') {
  // The other mount: only the endpoints as middleware, guards that open the context themselves.
  const mounted = barbicanRoutes(security);
  app.use(mounted.routes);
  app.get('/me', mounted.authRequired('token'), me);
} else {
  app.use(barbican(security));
  app.get('/me', authRequired('token'), me);
}
app.use(barbicanErrorHandler());
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
