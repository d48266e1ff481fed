/** Input parsing of the two-factor endpoints (fields only; no decisions). */
import { type BodyFields, stringField } from '../../http/body.js';

/** The code as typed ("123 456" is fine: the services strip spaces); undefined when empty. */
export function parseCode(body: BodyFields): string | undefined {
  const code = stringField(body, 'code')?.trim();
  return code === undefined || code === '' ? undefined : code;
}

/** The method chosen at /tf-setup ('mail' is upstream's old name of 'email'). */
export function parseSetupChoice(body: BodyFields): string | undefined {
  const setup = stringField(body, 'setup')?.trim();
  if (setup === 'mail') return 'email';
  return setup === '' ? undefined : setup;
}
