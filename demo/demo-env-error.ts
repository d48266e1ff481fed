/** The one error a bad demo environment raises: it names the variable and never shows a secret. */

export class DemoEnvError extends Error {
  /** The environment variable at fault, e.g. `PORT` or `SECURITY_TOKEN_MAX_AGE`. */
  readonly variable: string;

  /** @example new DemoEnvError('PORT', 'must be an integer from 1 to 65535 (got "http")') */
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'DemoEnvError';
    this.variable = variable;
  }
}
