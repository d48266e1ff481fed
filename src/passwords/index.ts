/** Password normalization, policy and hashing. */

export type { Argon2Parameters, PasswordHasherOptions } from './argon2-hasher.js';
export { createPasswordHasher, DEFAULT_ARGON2_PARAMETERS } from './argon2-hasher.js';
export type { PasswordBreachedMode, PasswordBreachedOptions } from './breached-validator.js';
export {
  DEFAULT_PASSWORD_BREACHED_TIMEOUT_MS,
  DEFAULT_PASSWORD_BREACHED_URL,
  passwordBreachedValidator,
} from './breached-validator.js';
export type { PasswordComplexityOptions } from './complexity-validator.js';
export { passwordComplexityValidator } from './complexity-validator.js';
export type {
  ConcurrencyLimiter,
  ConcurrencyLimiterOptions,
  LimiterRunOptions,
} from './concurrency-limiter.js';
export { createConcurrencyLimiter, defaultMaxConcurrent } from './concurrency-limiter.js';
export type { PasswordLengthOptions } from './length-validator.js';
export { DEFAULT_PASSWORD_LENGTH_MAX, passwordLengthValidator } from './length-validator.js';
export type { NormalizeForm } from './normalize.js';
export { normalizePassword } from './normalize.js';
export type { PasswordUtilConfig } from './password-util.js';
export {
  createPasswordUtil,
  DEFAULT_PASSWORD_COMPLEXITY_QUEUE_LIMIT,
  DEFAULT_PASSWORD_COMPLEXITY_TIMEOUT_MS,
} from './password-util.js';
export type {
  PasswordHasher,
  PasswordProblem,
  PasswordUtil,
  PasswordValidationContext,
  PasswordValidationResult,
  PasswordVerifyResult,
} from './types.js';
