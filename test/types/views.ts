/** Type-level checks of replaceable views (compiled by the typecheck, never run). */
import { createSecurity, type Datastore, type RegisterPageProps, type Views } from '../../src/index.js';

declare const datastore: Datastore;
const config = { secretKey: 'views-secret-0123456789abcdefghijklmn', externalUrl: 'https://example.com' };

// A feature's page is typed from the public entry: props are inferred, not `any`.
createSecurity({
  datastore,
  config,
  views: {
    register: (props) => `<p>${props.email} ${props.usernameField}</p>`,
    resetPassword: (props) => `<form action="${props.action}"></form>`,
  },
});

// @ts-expect-error a page that does not exist
createSecurity({ datastore, config, views: { registr: () => '' } });
// @ts-expect-error props are typed: RegisterPageProps has no `identity`
createSecurity({ datastore, config, views: { register: (props) => props.identity } });

export const register: Views['register'] = (props: RegisterPageProps) => props.email;
