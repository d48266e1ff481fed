import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/fixtures/thrown.js';
import { ConfigError } from './config-error.js';
import { parseDurationSeconds } from './duration.js';

function errorOf(value: unknown): ConfigError {
  return thrownBy(ConfigError, () => parseDurationSeconds(value, 'tokenMaxAge'));
}

describe('parseDurationSeconds', () => {
  it('takes finite numbers as seconds', () => {
    expect(parseDurationSeconds(3600, 'x')).toBe(3600);
    expect(parseDurationSeconds(0, 'x')).toBe(0);
    expect(parseDurationSeconds(1.5, 'x')).toBe(1.5);
    expect(parseDurationSeconds(-60, 'x')).toBe(-60);
  });

  it('takes plain number strings as seconds', () => {
    expect(parseDurationSeconds('90', 'x')).toBe(90);
    expect(parseDurationSeconds(' 3600 ', 'x')).toBe(3600);
    expect(parseDurationSeconds('-1', 'x')).toBe(-1);
  });

  it('takes single units and combinations, largest first', () => {
    expect(parseDurationSeconds('45s', 'x')).toBe(45);
    expect(parseDurationSeconds('15m', 'x')).toBe(900);
    expect(parseDurationSeconds('24h', 'x')).toBe(86_400);
    expect(parseDurationSeconds('7d', 'x')).toBe(604_800);
    expect(parseDurationSeconds('1h30m', 'x')).toBe(5400);
    expect(parseDurationSeconds('1d 2h 3m 4s', 'x')).toBe(93_784);
    expect(parseDurationSeconds('1.5h', 'x')).toBe(5400);
    expect(parseDurationSeconds('-1m', 'x')).toBe(-60);
  });

  it.each<[unknown, string]>([
    ['', 'empty'],
    ['-', 'a lone sign'],
    ['15 minutes', 'a word unit'],
    ['1x', 'an unknown unit'],
    ['30m1h', 'units out of order'],
    ['1h1h', 'a repeated unit'],
    ['h', 'a unit without a number'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinity'],
    [true, 'a boolean'],
    [null, 'null'],
    [[60], 'an array'],
  ])('refuses %j (%s) with CONFIG_INVALID_VALUE naming the option', (value) => {
    const error = errorOf(value);
    expect(error.code).toBe('CONFIG_INVALID_VALUE');
    expect(error.option).toBe('tokenMaxAge');
    expect(error.message).toContain('"tokenMaxAge"');
  });
});
