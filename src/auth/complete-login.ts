/**
 * The single "authentication succeeded for user U by method M" step. Everything that signs a user
 * in ends here, so later features (a second factor) can hold the sign-in back in one place
 * instead of retracting a session already issued.
 */
import type { RequestState } from '../context.js';
import type { User } from '../datastore/types.js';
import { startSession } from './session.js';

export interface CompletedLogin {
  readonly user: User;
  readonly authenticatedAt: number;
}

async function track(state: RequestState, user: User, nowMs: number): Promise<User> {
  const now = new Date(nowMs);
  const ip = state.clientIp;
  return state.core.datastore.updateUser(user, {
    lastLoginAt: user.currentLoginAt ?? now,
    currentLoginAt: now,
    lastLoginIp: user.currentLoginIp ?? ip,
    currentLoginIp: ip,
    loginCount: user.loginCount + 1,
  });
}

export async function completeLogin(
  state: RequestState,
  user: User,
  options: { method: 'password' | 'register' | 'confirm' | 'reset'; remember: boolean },
): Promise<CompletedLogin> {
  const { core } = state;
  const now = core.clock.nowMs();
  const tracked = core.config.trackable ? await track(state, user, now) : user;
  await startSession(state, tracked, { remember: options.remember, authenticatedAt: now });
  state.identity = { user: tracked, mechanism: 'session', authenticatedAt: now };
  core.events.emit('userAuthenticated', {
    user: tracked,
    method: options.method,
    remember: options.remember,
  });
  return { user: tracked, authenticatedAt: now };
}
