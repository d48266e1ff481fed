/** anonymousUserRequired: only callers who are not signed in (a login page, a register form). */
import { authenticate } from '../auth/authenticate.js';
import { respond } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import { type Guard, namedGuard } from './guard.js';

export function anonymousUserRequired(): Guard {
  return namedGuard('anonymousUserRequired', async (state) => {
    const identity = await authenticate(state, ['token', 'session']);
    if (!identity) return null;
    return respond(state, {
      status: 400,
      errors: [MESSAGES.ANONYMOUS_USER_REQUIRED],
      redirect: state.core.config.postLoginView,
    });
  });
}
