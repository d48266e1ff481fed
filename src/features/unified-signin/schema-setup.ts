/** Input parsing of /us-setup and /us-setup/<state> (fields only; no decisions). */
import { BadRequestError } from '../../errors.js';
import { type BodyFields, stringField } from '../../http/body.js';
import { MESSAGES } from '../../messages.js';

/** More would never be a real request: there are four methods. */
const MAX_DELETE_METHODS = 8;

export interface SetupInput {
  readonly chosenMethod: string | undefined;
  /** JSON: a list or one name; a form sends one name (radio). Empty when none. */
  readonly deleteMethods: readonly string[];
  readonly phone: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function deleteMethods(body: BodyFields): string[] {
  const value = body.delete_method;
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length > MAX_DELETE_METHODS || !list.every((item) => typeof item === 'string')) {
    throw new BadRequestError('BAD_REQUEST_FIELD_TYPE', `delete_method: ${MESSAGES.BAD_REQUEST_FIELD_TYPE}`);
  }
  return [...new Set(list.map((item) => item.trim()).filter((item) => item !== ''))];
}

export function parseSetupInput(body: BodyFields): SetupInput {
  return {
    chosenMethod: nonEmpty(stringField(body, 'chosen_method')),
    deleteMethods: deleteMethods(body),
    phone: nonEmpty(stringField(body, 'phone')),
  };
}

/** The code that completes a setup ("123 456" is fine: spaces are dropped); undefined when empty. */
export function parseSetupPasscode(body: BodyFields): string | undefined {
  const code = stringField(body, 'passcode')?.replace(/\s/g, '');
  return code === undefined || code === '' ? undefined : code;
}
