/**
 * Upstream's recovery_options: the ways out of a pending sign-in. "email" and "help" are asked for
 * at /tf-rescue; "recovery_code" (recovery codes on, and the user has some) leads to /mf-recovery.
 */
import type { RequestState } from '../../context.js';
import type { User } from '../../datastore/types.js';

export async function recoveryOptions(state: RequestState, user: User): Promise<Record<string, string>> {
  const { config, paths, datastore } = state.core;
  const options: Record<string, string> = {};
  if (config.twoFactorRescueEmail) options.email = paths.tfRescue;
  options.help = paths.tfRescue;
  if (config.multiFactorRecoveryCodes && (await datastore.countRecoveryCodes(user.id)) > 0) {
    options.recovery_code = paths.mfRecovery;
  }
  return options;
}
