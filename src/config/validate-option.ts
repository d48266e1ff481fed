/** Checks one option's value against its spec's kind, choices and nullability; returns the value to keep. */
import { invalidValue } from './config-error.js';
import { parseDurationSeconds } from './duration.js';
import type { OptionSpec } from './option-spec.js';

/**
 * Returns the validated value: durations become seconds, string lists a frozen de-duplicated copy,
 * objects a frozen shallow copy (so later changes to the caller's object never reach the config).
 */
export function validateOption(option: string, spec: OptionSpec, value: unknown): unknown {
  if (value === null) {
    if (spec.nullable === true) return null;
    throw invalidValue(option, `${expectedOf(spec)} (null is not allowed)`, value);
  }
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalidValue(option, expectedOf(spec), value);
      if (spec.choices !== undefined && !spec.choices.includes(value)) {
        throw invalidValue(option, expectedOf(spec), value);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidValue(option, expectedOf(spec), value);
      return value;
    case 'integer':
      if (!Number.isInteger(value)) throw invalidValue(option, expectedOf(spec), value);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalidValue(option, expectedOf(spec), value);
      }
      return value;
    case 'duration':
      return parseDurationSeconds(value, option);
    case 'string-list':
      return validateStringList(option, spec, value);
    case 'function':
      if (typeof value !== 'function') throw invalidValue(option, expectedOf(spec), value);
      return value;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw invalidValue(option, expectedOf(spec), value);
      }
      return Object.freeze({ ...value });
  }
}

function validateStringList(option: string, spec: OptionSpec, value: unknown): readonly string[] {
  if (!Array.isArray(value)) throw invalidValue(option, expectedOf(spec), value);
  const items: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') throw invalidValue(option, expectedOf(spec), value);
    if (spec.choices !== undefined && !spec.choices.includes(item)) {
      throw invalidValue(option, expectedOf(spec), item);
    }
    if (!items.includes(item)) items.push(item);
  }
  return Object.freeze(items);
}

/** What a kind accepts, in words, for error messages and docs. */
export function expectedOf(spec: OptionSpec): string {
  const choices = spec.choices?.map((choice) => JSON.stringify(choice)).join(', ');
  switch (spec.kind) {
    case 'string':
      return choices === undefined ? 'a string' : `one of ${choices}`;
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a finite number';
    case 'duration':
      return 'a duration';
    case 'string-list':
      return choices === undefined ? 'an array of strings' : `an array of ${choices}`;
    case 'function':
      return 'a function';
    case 'object':
      return 'an object';
  }
}
