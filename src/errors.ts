/** Typed errors with stable codes; codes reuse Flask-Security's message keys where one exists. */

/** Base class of every error Barbican throws on purpose. */
export class BarbicanError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'BarbicanError';
    this.code = code;
  }
}

/** A request Barbican refuses before any feature runs (bad JSON, too large, wrong type). */
export class BadRequestError extends BarbicanError {
  readonly status: 400 | 405 | 413 | 415;
  constructor(code: string, message: string, status: 400 | 405 | 413 | 415 = 400) {
    super(code, message);
    this.name = 'BadRequestError';
    this.status = status;
  }
}
