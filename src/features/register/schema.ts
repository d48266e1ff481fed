/** Input of POST /register: the raw fields, and whether they came from a form or a JSON body. */
import { type BodyFields, stringField } from '../../http/body.js';
import { isJsonContentType } from '../../http/negotiate.js';

export interface RegisterInput {
  readonly email: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly passwordConfirm: string | undefined;
  /** Forms must repeat the password (passwordConfirmRequired); JSON bodies may omit it, as upstream. */
  readonly formPost: boolean;
}

export function parseRegisterInput(request: Request, body: BodyFields): RegisterInput {
  return {
    email: stringField(body, 'email'),
    username: stringField(body, 'username'),
    password: stringField(body, 'password'),
    passwordConfirm: stringField(body, 'password_confirm'),
    formPost: !isJsonContentType(request.headers.get('content-type')),
  };
}
