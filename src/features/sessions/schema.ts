/** The revoke form: one session by id, or every session but the caller's. */
import type { BodyFields } from '../../http/body.js';
import { booleanField, stringField } from '../../http/body.js';
import type { FieldError } from '../../http/responder.js';
import { SESSION_MESSAGES } from './errors.js';

export type RevokeRequest = { readonly kind: 'one'; readonly id: string } | { readonly kind: 'all-others' };

/** Public ids are 22 base64url characters; anything longer is refused before any lookup. */
const MAX_ID_LENGTH = 64;

/** `all_others` true (JSON, or a form's "true"/"on"), or an `id` naming a session. */
export function parseRevokeRequest(body: BodyFields): RevokeRequest | FieldError {
  if (booleanField(body, 'all_others') === true) return { kind: 'all-others' };
  const id = stringField(body, 'id')?.trim() ?? '';
  if (id === '') return { field: 'id', message: SESSION_MESSAGES.SESSION_ID_REQUIRED };
  if (id.length > MAX_ID_LENGTH) return { field: 'id', message: SESSION_MESSAGES.SESSION_NOT_FOUND };
  return { kind: 'one', id };
}
