/**
 * POST /wan-delete: a fresh signed-in user deletes a key by name (upstream's wan_delete_form).
 * Beyond 5.1.2, a user with no password cannot delete their last first-factor key: it is the only
 * way back in (the store checks it atomically, so two racing deletes cannot both pass).
 */
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import type { Route } from '../route.js';
import { webauthnNoticeMail } from './emails.js';
import { parseCredentialName } from './schema.js';

/** JSON callers get the 400 envelope; a browser goes back to the list with the message. */
function deleteFailure(state: RequestState, error: FieldError): Response {
  return respond(state, {
    status: 400,
    fieldErrors: [error],
    redirect: state.core.paths.wanRegister,
    flash: [error.message],
  });
}

async function postDelete(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const csrfError = await formCsrfError(state);
  if (csrfError) return deleteFailure(state, csrfError);
  const { user } = identity;
  const name = parseCredentialName(core.config, await state.body());
  if (!name.ok) return deleteFailure(state, name.error);
  const outcome = await core.datastore.deleteWebAuthnCredential(user.id, name.value, {
    keepOneFirstFactor: user.password === null,
  });
  if (outcome === 'missing') {
    return deleteFailure(state, {
      field: 'name',
      message: formatMessage('WEBAUTHN_NAME_NOT_FOUND', { name: name.value }),
    });
  }
  if (outcome === 'last-way-in')
    return deleteFailure(state, { field: 'name', message: MESSAGES.WEBAUTHN_LAST_WAY_IN });
  await queueMail(core, core.datastore, webauthnNoticeMail(core, 'webauthn-deleted', user, name.value));
  core.mailWorker.kick();
  core.events.emit('wanDeleted', { user, name: name.value });
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state) },
    redirect: core.paths.wanRegister,
    flash: [formatMessage('WEBAUTHN_CREDENTIAL_DELETED', { name: name.value })],
  });
}

export function deleteRoutes(core: SecurityCore): Route[] {
  return [{ method: 'POST', path: core.paths.wanDelete, handler: postDelete }];
}
