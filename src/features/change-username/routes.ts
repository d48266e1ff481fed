/** GET and POST /change-username, as JSON (Flask-Security's wire format) and as an HTML form. */
import type { Identity, RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { formCsrfError, requireCaller } from '../form-helpers.js';
import { formFailure, formPageProps, showForm } from '../form-page.js';
import { formRoutes, type Route } from '../route.js';
import { parseChangeUsernameInput } from './schema.js';
import { changeUsername } from './service.js';

async function changeUsernamePage(
  state: RequestState,
  identity: Identity,
  errors: readonly FieldError[],
  username = '',
) {
  const { core } = state;
  const props = await formPageProps(state, { action: core.paths.changeUsername, errors, next: null });
  return () => core.views.changeUsername({ ...props, currentUsername: identity.user.username, username });
}

async function getChangeUsername(state: RequestState): Promise<Response> {
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const response = {
    csrf_token: await csrfTokenFor(state),
    current_username: identity.user.username,
    user: {},
  };
  return showForm(state, await changeUsernamePage(state, identity, []), { response });
}

async function postChangeUsername(state: RequestState): Promise<Response> {
  const { core } = state;
  const identity = await requireCaller(state, { fresh: true });
  if (identity instanceof Response) return identity;
  const input = parseChangeUsernameInput(await state.body(), core.config);
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await changeUsernamePage(state, identity, [error], input.typed));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (!input.ok) return failed({ field: 'username', message: input.message });
  const result = await changeUsername(core, identity.user, input.value);
  if (!result.ok) return failed(result.error);
  state.identity = { ...identity, user: result.user };
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state), user: {} },
    redirect: core.config.postChangeUsernameView ?? core.config.postLoginView,
    flash: [MESSAGES.USERNAME_CHANGE],
  });
}

export function changeUsernameRoutes(core: SecurityCore): Route[] {
  return formRoutes(core.paths.changeUsername, getChangeUsername, postChangeUsername);
}
