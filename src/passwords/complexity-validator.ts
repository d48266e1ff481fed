/** Password strength policy scored by zxcvbn (Flask-Security's PASSWORD_COMPLEXITY_CHECKER). */

import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { PasswordProblem } from './types.js';

export interface PasswordComplexityOptions {
  /** zxcvbn score a password must reach, 0 (weakest) to 4. */
  readonly minimumScore: number;
  /** Identity values (email, username…) that must not make up the password. */
  readonly userInputs?: readonly string[];
}

type ZxcvbnCore = typeof import('@zxcvbn-ts/core');
type ZxcvbnCommon = typeof import('@zxcvbn-ts/language-common');
type ZxcvbnEnglish = typeof import('@zxcvbn-ts/language-en');

let checker: ZxcvbnFactory | undefined;

/**
 * The dictionaries take ~120 ms to load and ~140 ms to rank, so they are loaded on first use
 * (apps without a complexity policy never pay) and shared afterwards: they are read-only data.
 */
function getChecker(): ZxcvbnFactory {
  if (checker) {
    return checker;
  }
  const require = createRequire(import.meta.url);
  const core = require('@zxcvbn-ts/core') as ZxcvbnCore;
  const common = require('@zxcvbn-ts/language-common') as ZxcvbnCommon;
  const english = require('@zxcvbn-ts/language-en') as ZxcvbnEnglish;
  checker = new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return checker;
}

/** An email is rarely reused whole; its local part ('jsmith' in jsmith@example.com) often is. */
export function expandUserInputs(userInputs: readonly string[]): string[] {
  const expanded: string[] = [];
  for (const input of userInputs) {
    if (input === '') {
      continue;
    }
    expanded.push(input);
    const at = input.lastIndexOf('@');
    if (at > 0) {
      expanded.push(input.slice(0, at));
    }
  }
  return expanded;
}

/**
 * Refuses passwords whose zxcvbn score is below `minimumScore`. Synchronous and unbounded (a
 * crafted password costs seconds): servers use createPasswordUtil, which scores in a worker.
 *
 * @example passwordComplexityValidator('password', { minimumScore: 3 }) // [{ code: 'PASSWORD_TOO_SIMPLE', … }]
 */
export function passwordComplexityValidator(
  password: string,
  options: PasswordComplexityOptions,
): PasswordProblem[] | null {
  const { minimumScore, userInputs = [] } = options;
  if (!Number.isInteger(minimumScore) || minimumScore < 0 || minimumScore > 4) {
    throw new RangeError(`zxcvbnMinimumScore must be an integer from 0 to 4, got ${minimumScore}`);
  }
  const result = getChecker().check(password, expandUserInputs(userInputs));
  return scoreProblems(result.score, result.feedback.warning ?? '', minimumScore);
}

/** The refusal for a score below the minimum, or null. */
export function scoreProblems(
  score: number,
  warning: string,
  minimumScore: number,
): PasswordProblem[] | null {
  if (score >= minimumScore) {
    return null;
  }
  // Only the one-line warning: suggestions are long and zxcvbn's text is English-only anyway.
  const message = warning ? `Password not complex enough: ${warning}` : 'Password not complex enough';
  return [{ code: 'PASSWORD_TOO_SIMPLE', message }];
}
