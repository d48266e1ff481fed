/** Input of /us-signin, /us-signin/send-code, /us-verify and /us-verify/send-code (fields only). */
import { type BodyFields, booleanField, stringField } from '../../http/body.js';
import type { CodeMethod } from './signin-codes.js';

export interface UsInput {
  readonly identity: string | undefined;
  readonly passcode: string | undefined;
  readonly remember: boolean | undefined;
  /** As sent (trimmed); undefined when absent or empty. */
  readonly chosenMethod: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Non-string values are a 400 (stringField); nothing is coerced. */
export function parseUsInput(body: BodyFields): UsInput {
  return {
    identity: nonEmpty(stringField(body, 'identity')),
    passcode: stringField(body, 'passcode') || undefined,
    remember: booleanField(body, 'remember'),
    chosenMethod: nonEmpty(stringField(body, 'chosen_method')),
  };
}

const CODE_METHODS: readonly string[] = ['email', 'sms'];

export function isCodeMethod(value: string): value is CodeMethod {
  return CODE_METHODS.includes(value);
}
