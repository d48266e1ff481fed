/** Upstream's recovery_options: the ways out of a pending sign-in, each asked for at /tf-rescue. */
import type { RequestState } from '../../context.js';

export function recoveryOptions(state: RequestState): Record<string, string> {
  const path = state.core.paths.tfRescue;
  return state.core.config.twoFactorRescueEmail ? { email: path, help: path } : { help: path };
}
