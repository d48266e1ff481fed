/** The default PasswordUtil: normalize, then apply every configured password policy. */

import { type PasswordBreachedMode, passwordBreachedValidator } from './breached-validator.js';
import { expandUserInputs, scoreProblems } from './complexity-validator.js';
import { DEFAULT_PASSWORD_LENGTH_MAX, passwordLengthValidator } from './length-validator.js';
import { type NormalizeForm, normalizePassword } from './normalize.js';
import type {
  PasswordProblem,
  PasswordUtil,
  PasswordValidationContext,
  PasswordValidationResult,
} from './types.js';
import { createZxcvbnPool, type ZxcvbnPool } from './zxcvbn-pool.js';

export interface PasswordUtilConfig {
  readonly passwordNormalizeForm: NormalizeForm | null;
  readonly passwordLengthMin: number;
  /** Defaults to {@link DEFAULT_PASSWORD_LENGTH_MAX}. */
  readonly passwordLengthMax?: number;
  readonly passwordComplexityChecker: 'zxcvbn' | null;
  readonly zxcvbnMinimumScore: number;
  /** Time budget of one zxcvbn check (run in a worker thread); over it the password is refused. */
  readonly passwordComplexityTimeoutMs?: number;
  /** zxcvbn checks that may wait for the worker; more are refused with a 503. */
  readonly passwordComplexityQueueLimit?: number;
  readonly passwordCheckBreached: PasswordBreachedMode | false;
  readonly passwordBreachedCount: number;
  readonly passwordBreachedUrl?: string;
  readonly passwordBreachedTimeoutMs?: number;
  /** Used for the breached-password lookup; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export const DEFAULT_PASSWORD_COMPLEXITY_TIMEOUT_MS = 2000;
export const DEFAULT_PASSWORD_COMPLEXITY_QUEUE_LIMIT = 16;

const UNCHECKED: PasswordProblem = Object.freeze({
  code: 'PASSWORD_COMPLEXITY_UNCHECKED',
  message: 'Password could not be checked for complexity in time: please choose a different one',
});

const NOT_PROVIDED: PasswordProblem = Object.freeze({
  code: 'PASSWORD_NOT_PROVIDED',
  message: 'Password not provided',
});

/** Fails at start-up, naming the option, rather than on the first registration. */
function checkConfig(config: PasswordUtilConfig): void {
  const { passwordLengthMin: min, passwordLengthMax: max = DEFAULT_PASSWORD_LENGTH_MAX } = config;
  if (!Number.isInteger(min) || min < 1) {
    throw new RangeError(`passwordLengthMin must be an integer >= 1, got ${min}`);
  }
  if (!Number.isInteger(max) || max < min) {
    throw new RangeError(`passwordLengthMax must be an integer >= passwordLengthMin (${min}), got ${max}`);
  }
  if (config.passwordComplexityChecker !== null && config.passwordComplexityChecker !== 'zxcvbn') {
    throw new RangeError(`passwordComplexityChecker must be 'zxcvbn' or null`);
  }
  const timeout = config.passwordComplexityTimeoutMs ?? DEFAULT_PASSWORD_COMPLEXITY_TIMEOUT_MS;
  if (!(timeout > 0)) throw new RangeError(`passwordComplexityTimeout must be > 0, got ${timeout}`);
  const queue = config.passwordComplexityQueueLimit ?? DEFAULT_PASSWORD_COMPLEXITY_QUEUE_LIMIT;
  if (!Number.isInteger(queue) || queue < 0) {
    throw new RangeError(`passwordComplexityQueueLimit must be an integer >= 0, got ${queue}`);
  }
  const score = config.zxcvbnMinimumScore;
  if (!Number.isInteger(score) || score < 0 || score > 4) {
    throw new RangeError(`zxcvbnMinimumScore must be an integer from 0 to 4, got ${score}`);
  }
  const breached = config.passwordCheckBreached;
  if (breached !== false && breached !== 'strict' && breached !== 'best-effort') {
    throw new RangeError(`passwordCheckBreached must be 'strict', 'best-effort' or false`);
  }
  const count = config.passwordBreachedCount;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`passwordBreachedCount must be an integer >= 1, got ${count}`);
  }
  // Throws for an unknown form.
  normalizePassword('', config.passwordNormalizeForm);
}

/**
 * Problems from every policy are reported together, so the user fixes them in one round.
 *
 * @example
 * const util = createPasswordUtil(config);
 * const { problems, normalized } = await util.validate(input, { isRegister: true, userInputs: [email] });
 */
export function createPasswordUtil(config: PasswordUtilConfig): PasswordUtil {
  checkConfig(config);
  const form = config.passwordNormalizeForm;
  const lengthOptions = { min: config.passwordLengthMin, max: config.passwordLengthMax };
  const breachedMode = config.passwordCheckBreached;
  let pool: ZxcvbnPool | undefined;

  async function complexityProblems(
    password: string,
    userInputs: readonly string[],
  ): Promise<PasswordProblem[]> {
    // One pool per util, started on first use: apps without a complexity policy run no worker.
    pool ??= createZxcvbnPool({
      timeoutMs: config.passwordComplexityTimeoutMs ?? DEFAULT_PASSWORD_COMPLEXITY_TIMEOUT_MS,
      maxQueue: config.passwordComplexityQueueLimit ?? DEFAULT_PASSWORD_COMPLEXITY_QUEUE_LIMIT,
    });
    const outcome = await pool.score(password, expandUserInputs(userInputs));
    // Fail closed: a password too costly to score is refused, never accepted unscored.
    if (outcome.timedOut) return [UNCHECKED];
    return scoreProblems(outcome.score, outcome.warning, config.zxcvbnMinimumScore) ?? [];
  }

  function normalize(password: string): string {
    return normalizePassword(password, form);
  }

  return {
    normalize,

    async validate(password: string, context: PasswordValidationContext): Promise<PasswordValidationResult> {
      const normalized = normalize(password);
      if (normalized === '') {
        return { problems: [NOT_PROVIDED], normalized };
      }
      const problems: PasswordProblem[] = [];
      const lengthProblems = passwordLengthValidator(normalized, lengthOptions);
      // Too long stops here: no zxcvbn work for a password refused anyway.
      if (lengthProblems?.some((problem) => problem.code === 'PASSWORD_TOO_LONG')) {
        return { problems: lengthProblems, normalized };
      }
      problems.push(...(lengthProblems ?? []));
      if (config.passwordComplexityChecker === 'zxcvbn') {
        problems.push(...(await complexityProblems(normalized, context.userInputs ?? [])));
      }
      if (breachedMode !== false) {
        const breached = await passwordBreachedValidator(normalized, {
          mode: breachedMode,
          threshold: config.passwordBreachedCount,
          baseUrl: config.passwordBreachedUrl,
          timeoutMs: config.passwordBreachedTimeoutMs,
          fetch: config.fetch,
        });
        problems.push(...(breached ?? []));
      }
      return { problems: problems.length > 0 ? problems : null, normalized };
    },
  };
}
