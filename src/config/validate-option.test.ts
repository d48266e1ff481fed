import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import type { OptionSpec } from './option-spec.js';
import { validateOption } from './validate-option.js';

// No option of these kinds exists yet; the kinds are checked here so the first one works on arrival.
const NUMBER: OptionSpec = { kind: 'number', default: 0, origin: 'barbican', doc: '' };
const OBJECT: OptionSpec = { kind: 'object', default: {}, origin: 'barbican', doc: '' };

describe('validateOption for kinds no option uses yet', () => {
  it('accepts finite numbers and refuses everything else', () => {
    expect(validateOption('ratio', NUMBER, 0.5)).toBe(0.5);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '0.5', null]) {
      expect(() => validateOption('ratio', NUMBER, value)).toThrow(ConfigError);
    }
  });

  it('accepts plain objects as a frozen copy and refuses arrays and primitives', () => {
    const given = { a: 1 };
    const kept = validateOption('extra', OBJECT, given);
    expect(kept).toEqual(given);
    expect(kept).not.toBe(given);
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(given)).toBe(false);
    for (const value of [[], 'x', 1])
      expect(() => validateOption('extra', OBJECT, value)).toThrow(ConfigError);
  });
});
