/** The answer to a failed CSRF check: 400, the envelope with a csrf_token field error, or an HTML page. */
import type { RequestState } from '../context.js';
import { respond } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import type { CsrfFailure } from './csrf-token.js';

export function csrfFailureResponse(state: RequestState, failure: CsrfFailure): Response {
  return respond(state, { status: 400, fieldErrors: [{ field: 'csrf_token', message: MESSAGES[failure] }] });
}
