/**
 * The one ending of every re-authentication (/verify with a password, /us-verify with any set-up
 * method, /wan-verify with a key): the session's authentication time (fs_paa) becomes now, a grace
 * period still pending is cleared, the `reauthenticated` event fires, and the caller gets the
 * signed-in payload (JSON) or is sent on to `next` (form).
 */
import { updateSession } from '../auth/session.js';
import type { Identity, RequestState } from '../context.js';
import { clearedGrace } from '../guards/freshness.js';
import { respond } from '../http/responder.js';
import { signedInPayload } from './form-helpers.js';

export async function answerReauthenticated(
  state: RequestState,
  identity: Identity,
  options: { next: string | null | undefined; flash?: readonly string[] },
): Promise<Response> {
  const { core } = state;
  const now = core.clock.nowMs();
  if (state.session?.kind === 'user') {
    await updateSession(state, { authenticatedAt: now, data: clearedGrace(state.session.record.data) });
  }
  state.identity = { ...identity, authenticatedAt: now };
  core.events.emit('reauthenticated', { user: identity.user });
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, identity.user, now),
    redirect: options.next ?? core.config.postLoginView,
    ...(options.flash === undefined ? {} : { flash: [...options.flash] }),
  });
}
