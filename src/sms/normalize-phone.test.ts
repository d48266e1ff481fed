import { describe, expect, it } from 'vitest';
import { normalizePhone } from './normalize-phone.js';

describe('normalizePhone', () => {
  it.each([
    ['(201) 555-0123', 'US', '+12015550123'],
    ['201.555.0123', 'US', '+12015550123'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['0049 30 123456', 'DE', '+4930123456'],
  ])('reads the national or exit-code form %j in region %s as %s', (input, region, e164) => {
    expect(normalizePhone(input, region)).toEqual({ valid: true, phone: e164 });
  });

  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 (201) 555-0123', '+12015550123'],
    ['  +33612345678  ', '+33612345678'],
  ])('reads the international form %j whatever the default region', (input, e164) => {
    expect(normalizePhone(input, 'US')).toEqual({ valid: true, phone: e164 });
    expect(normalizePhone(input)).toEqual({ valid: true, phone: e164 });
  });

  it('refuses a national number when there is no default region to read it in', () => {
    expect(normalizePhone('(201) 555-0123')).toEqual({
      valid: false,
      code: 'PHONE_INVALID',
      reason: 'INVALID_NUMBER',
    });
  });

  it.each([
    ['12', 'too short'],
    ['+1 201 555 01234567', 'too long for the plan'],
    ['07700 900123', 'in a range the UK keeps unallocated'],
    ['+999 1234 5678', 'with an unassigned country code'],
  ])('refuses %j (%s) as an invalid number', (input) => {
    expect(normalizePhone(input, 'GB')).toEqual({
      valid: false,
      code: 'PHONE_INVALID',
      reason: 'INVALID_NUMBER',
    });
  });

  it.each(['1-800-FLOWERS', '+1 201 555 0123 ext 5', '201555O123', '+1 201 555 0123;', '+1+2015550123'])(
    'refuses %j with letters or stray symbols',
    (input) => {
      expect(normalizePhone(input, 'US')).toEqual({
        valid: false,
        code: 'PHONE_INVALID',
        reason: 'INVALID_CHARACTERS',
      });
    },
  );

  it('refuses empty and over-long input before parsing it', () => {
    expect(normalizePhone('   ', 'US')).toEqual({ valid: false, code: 'PHONE_INVALID', reason: 'EMPTY' });
    expect(normalizePhone('1'.repeat(41), 'US')).toEqual({
      valid: false,
      code: 'PHONE_INVALID',
      reason: 'TOO_LONG',
    });
    expect(normalizePhone('9'.repeat(1_000_000), 'US')).toMatchObject({ reason: 'TOO_LONG' });
  });

  it('throws on a region it does not know: that is a configuration mistake', () => {
    expect(() => normalizePhone('+12015550123', 'XX')).toThrow(/"XX"/);
  });
});
