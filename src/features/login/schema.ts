/** Input of POST /login: identity (email, username or identity), password, remember, next. */
import { type BodyFields, booleanField, stringField } from '../../http/body.js';

export interface LoginInput {
  readonly identity: string | undefined;
  readonly password: string | undefined;
  readonly remember: boolean | undefined;
}

export function parseLoginInput(body: BodyFields): LoginInput {
  const identity =
    stringField(body, 'email') || stringField(body, 'username') || stringField(body, 'identity');
  return {
    identity,
    password: stringField(body, 'password'),
    remember: booleanField(body, 'remember'),
  };
}
