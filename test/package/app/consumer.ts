// Compiled with tsc against the installed package's .d.ts: views, config and datastore types are public.
import {
  createSecurity,
  type Datastore,
  type RegisterPageProps,
  type SecurityConfigInput,
  type UserDatastore,
} from 'barbican';
import type { BarbicanRoutes } from 'barbican/hono';
import type { createKyselyDatastore, KyselyDatastoreOptions } from 'barbican/kysely';
import type { MakeStore } from 'barbican/testing/datastore';

declare const datastore: Datastore;
const config = { secretKey: 'pack-secret-0123456789abcdefghijklmno', externalUrl: 'https://example.com' };

createSecurity({
  datastore,
  config,
  views: { register: (props: RegisterPageProps) => `<p>${props.email} ${props.usernameField}</p>` },
});
createSecurity({ datastore, config, views: { forgotPassword: (props) => props.action } });
// @ts-expect-error a misspelt option
export const typo: SecurityConfigInput = { secretKy: 'x' };
// @ts-expect-error tokenMaxAge is not a boolean
createSecurity({ datastore, config: { ...config, tokenMaxAge: true } });

declare const mounted: BarbicanRoutes;
// guarded(): guards, then a handler whose context is typed (path parameters included).
export const guardedRoute = mounted.guarded(mounted.authRequired('session'), (c) =>
  c.json({ id: c.req.param('id') }),
);
// @ts-expect-error a handler alone: at least one guard comes first
mounted.guarded((c) => c.text('no guard'));

export type Stores = [UserDatastore, KyselyDatastoreOptions, MakeStore, typeof createKyselyDatastore];
