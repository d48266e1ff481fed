/** Spelling of option names: Barbican's camelCase, Flask-Security's SECURITY_* keys and env variables. */

/** Flask's own keys that Flask-Security documents without the SECURITY_ prefix. */
const UNPREFIXED = new Set(['secretKey', 'secretKeyFallbacks']);

/**
 * SNAKE_CASE → camelCase, the way Flask-Security's keys map to Barbican's options.
 *
 * @example snakeToCamel('CSRF_PROTECT_MECHANISMS') // 'csrfProtectMechanisms'
 */
export function snakeToCamel(snake: string): string {
  return snake.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * camelCase → SNAKE_CASE; the inverse of snakeToCamel for every documented key.
 *
 * @example camelToSnake('multiFactorRecoveryCodesN') // 'MULTI_FACTOR_RECOVERY_CODES_N'
 */
export function camelToSnake(camel: string): string {
  return camel.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/** The key Flask-Security's documentation uses for an option (`tokenMaxAge` → `SECURITY_TOKEN_MAX_AGE`). */
export function upstreamKey(option: string): string {
  const snake = camelToSnake(option);
  return UNPREFIXED.has(option) ? snake : `SECURITY_${snake}`;
}

/** The environment variable configFromEnv reads for an option. */
export function envVariableName(option: string): string {
  return option === 'secretKey' ? 'SECRET_KEY' : `SECURITY_${camelToSnake(option)}`;
}
