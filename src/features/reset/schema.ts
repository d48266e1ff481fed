/** Input of POST /reset (email); POST /reset/<token> takes a NewPasswordPair. */
import { type BodyFields, stringField } from '../../http/body.js';

export interface ForgotInput {
  readonly email: string | undefined;
}

export function parseForgotInput(body: BodyFields): ForgotInput {
  return { email: stringField(body, 'email') };
}
