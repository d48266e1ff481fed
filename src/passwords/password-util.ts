/** The default PasswordUtil: normalize, then apply every configured password policy. */

import { type PasswordBreachedMode, passwordBreachedValidator } from './breached-validator.js';
import { passwordComplexityValidator } from './complexity-validator.js';
import { DEFAULT_PASSWORD_LENGTH_MAX, passwordLengthValidator } from './length-validator.js';
import { type NormalizeForm, normalizePassword } from './normalize.js';
import type {
  PasswordProblem,
  PasswordUtil,
  PasswordValidationContext,
  PasswordValidationResult,
} from './types.js';

export interface PasswordUtilConfig {
  readonly passwordNormalizeForm: NormalizeForm | null;
  readonly passwordLengthMin: number;
  /** Defaults to {@link DEFAULT_PASSWORD_LENGTH_MAX}. */
  readonly passwordLengthMax?: number;
  readonly passwordComplexityChecker: 'zxcvbn' | null;
  readonly zxcvbnMinimumScore: number;
  readonly passwordCheckBreached: PasswordBreachedMode | false;
  readonly passwordBreachedCount: number;
  readonly passwordBreachedUrl?: string;
  readonly passwordBreachedTimeoutMs?: number;
  /** Used for the breached-password lookup; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

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
      // Too long stops here: zxcvbn is synchronous and costs ~90 ms at 128 characters.
      if (lengthProblems?.some((problem) => problem.code === 'PASSWORD_TOO_LONG')) {
        return { problems: lengthProblems, normalized };
      }
      problems.push(...(lengthProblems ?? []));
      if (config.passwordComplexityChecker === 'zxcvbn') {
        const complexity = passwordComplexityValidator(normalized, {
          minimumScore: config.zxcvbnMinimumScore,
          userInputs: context.userInputs ?? [],
        });
        problems.push(...(complexity ?? []));
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
