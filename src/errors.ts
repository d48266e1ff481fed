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
  readonly status: 400 | 405 | 408 | 413 | 415;
  constructor(code: string, message: string, status: 400 | 405 | 408 | 413 | 415 = 400) {
    super(code, message);
    this.name = 'BadRequestError';
    this.status = status;
  }
}

/**
 * Barbican is saturated (the password-hashing queue is full) and refuses at once rather than
 * queueing without bound; answered 503 with Retry-After in the negotiated format.
 */
export class ServiceUnavailableError extends BarbicanError {
  readonly status = 503;
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message);
    this.name = 'ServiceUnavailableError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The client went away while its request waited; nobody reads the answer, nothing is reported. */
export class RequestAbortedError extends BarbicanError {
  constructor() {
    super('REQUEST_ABORTED', 'The client closed the request.');
    this.name = 'RequestAbortedError';
  }
}
