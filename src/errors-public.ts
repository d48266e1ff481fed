/** barbican/errors: every error class Barbican throws on purpose, with its stable `code`. */

export type { ConfigErrorCode } from './config/config-error.js';
export { ConfigError } from './config/config-error.js';
export { DatastoreError } from './datastore/errors.js';
export { BadRequestError, BarbicanError, RequestAbortedError, ServiceUnavailableError } from './errors.js';
