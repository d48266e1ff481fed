/** Type-level checks of replaceable views (compiled by the typecheck, never run). */
import {
  createSecurity,
  type Datastore,
  type RegisteredCredentialJSON,
  type RegisterPageProps,
  type Views,
  type WanRegisterPageProps,
  type WebAuthnCredential,
  type WebAuthnNoticeMailProps,
  type WebAuthnStore,
} from '../../src/index.js';

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

// WebAuthn's register page and its notices are replaceable with public types (issue 11).
export const wanRegister: Views['wanRegister'] = (props: WanRegisterPageProps) =>
  props.credentials.map((cred: RegisteredCredentialJSON) => `${cred.name} ${cred.lastuse}`).join();
export const webauthnRegistered = ({ name }: WebAuthnNoticeMailProps) => ({
  subject: name,
  text: name,
  html: name,
});
createSecurity({ datastore, config, mails: { webauthnRegistered, webauthnDeleted: webauthnRegistered } });
// A custom datastore implements WebAuthnStore with public types.
export const listKeys: WebAuthnStore['listWebAuthnCredentials'] = async (): Promise<
  WebAuthnCredential[]
> => [];
