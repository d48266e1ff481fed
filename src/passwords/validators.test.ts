import { describe, expect, it } from 'vitest';
import { passwordComplexityValidator } from './complexity-validator.js';
import { passwordLengthValidator } from './length-validator.js';

function codes(problems: readonly { code: string }[] | null): string[] | null {
  return problems === null ? null : problems.map((problem) => problem.code);
}

describe('passwordLengthValidator', () => {
  it('refuses a password shorter than min, saying what min is', () => {
    const problems = passwordLengthValidator('seven77', { min: 8 });
    expect(codes(problems)).toEqual(['PASSWORD_INVALID_LENGTH']);
    expect(problems?.[0]?.message).toBe('Password must be at least 8 characters');
  });

  it('accepts passwords from min to max characters', () => {
    expect(passwordLengthValidator('eight888', { min: 8 })).toBeNull();
    expect(passwordLengthValidator('x'.repeat(128), { min: 8 })).toBeNull();
  });

  it('refuses a password longer than max, 128 by default', () => {
    expect(codes(passwordLengthValidator('x'.repeat(129), { min: 8 }))).toEqual(['PASSWORD_TOO_LONG']);
    const problems = passwordLengthValidator('x'.repeat(21), { min: 8, max: 20 });
    expect(codes(problems)).toEqual(['PASSWORD_TOO_LONG']);
    expect(problems?.[0]?.message).toBe('Password must be at most 20 characters');
  });

  it('counts code points, so astral characters count once', () => {
    const emoji = '🔑'.repeat(8); // 16 UTF-16 units
    expect(passwordLengthValidator(emoji, { min: 8, max: 8 })).toBeNull();
    expect(codes(passwordLengthValidator('🔑'.repeat(7), { min: 8 }))).toEqual(['PASSWORD_INVALID_LENGTH']);
  });

  it('throws when the bounds are inverted', () => {
    expect(() => passwordLengthValidator('whatever', { min: 10, max: 5 })).toThrow(RangeError);
  });
});

describe('passwordComplexityValidator', () => {
  it('refuses a common password with zxcvbn feedback', () => {
    const problems = passwordComplexityValidator('password123', { minimumScore: 3 });
    expect(codes(problems)).toEqual(['PASSWORD_TOO_SIMPLE']);
    expect(problems?.[0]?.message).toMatch(/^Password not complex enough: \S/);
  });

  it('accepts a random-looking passphrase', () => {
    expect(passwordComplexityValidator('Quokka-Lantern-91', { minimumScore: 3 })).toBeNull();
  });

  it('refuses a password made from the user’s own details', () => {
    expect(passwordComplexityValidator('Quokka-Lantern-91', { minimumScore: 3 })).toBeNull();
    const problems = passwordComplexityValidator('Quokka-Lantern-91', {
      minimumScore: 3,
      userInputs: ['Quokka-Lantern-91'],
    });
    expect(codes(problems)).toEqual(['PASSWORD_TOO_SIMPLE']);
  });

  it('treats the local part of an email as a user input', () => {
    const problems = passwordComplexityValidator('zebrafinchquartz', {
      minimumScore: 3,
      userInputs: ['zebrafinchquartz@example.com'],
    });
    expect(codes(problems)).toEqual(['PASSWORD_TOO_SIMPLE']);
  });

  it('honours the minimum score', () => {
    expect(passwordComplexityValidator('password123', { minimumScore: 0 })).toBeNull();
  });

  it('throws for a minimum score outside 0..4', () => {
    expect(() => passwordComplexityValidator('x', { minimumScore: 5 })).toThrow(/zxcvbnMinimumScore/);
  });
});
