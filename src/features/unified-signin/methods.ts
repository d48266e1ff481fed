/**
 * The methods model of unified sign-in, shared by every us-* endpoint: which methods the config
 * enables, which of them send a code or need a setup, which a user has set up ("active"), and
 * after which a second factor is still required. Lists keep usEnabledMethods order (upstream
 * computes sets, so its order varies between answers).
 */
import type { SecurityConfig } from '../../config/options.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { UnifiedSigninProfile } from '../../datastore/unified-signin-types.js';

/** Methods whose proof is a code Barbican sends (mail, SMS), as opposed to a password or an app. */
const CODE_METHODS: ReadonlySet<string> = new Set(['email', 'sms']);

/** The enabled methods that send a code (upstream's `code_methods`). */
export function usCodeMethods(config: SecurityConfig): string[] {
  return config.usEnabledMethods.filter((method) => CODE_METHODS.has(method));
}

/** The enabled methods a user sets up at /us-setup: all but the password (`setup_methods`). */
export function usSetupMethods(config: SecurityConfig): string[] {
  return config.usEnabledMethods.filter((method) => method !== 'password');
}

/**
 * The methods this user can sign in with (`active_methods`): the enabled ones they set up, and
 * 'password' whenever they have one (as upstream, even if 'password' is not enabled here: /login
 * still takes it).
 */
export function activeUsMethods(config: SecurityConfig, user: User, profile: UnifiedSigninProfile): string[] {
  const active = config.usEnabledMethods.filter(
    (method) => method !== 'password' && Object.hasOwn(profile.methods, method),
  );
  return user.password !== null ? ['password', ...active] : active;
}

/** The code methods this user set up (`code_methods` of /us-verify). */
export function activeUsCodeMethods(
  config: SecurityConfig,
  user: User,
  profile: UnifiedSigninProfile,
): string[] {
  return activeUsMethods(config, user, profile).filter((method) => CODE_METHODS.has(method));
}

/** Whether a sign-in by `method` still needs the user's second factor (twoFactor on, usMfaRequired). */
export function usMfaRequired(config: SecurityConfig, method: string): boolean {
  return config.twoFactor && (config.usMfaRequired as readonly string[]).includes(method);
}

/** The user's profile and active methods in one read, for handlers that need both. */
export async function loadUsMethods(
  core: SecurityCore,
  user: User,
): Promise<{ profile: UnifiedSigninProfile; active: string[] }> {
  const profile = await core.datastore.findUnifiedSigninProfile(user.id);
  return { profile, active: activeUsMethods(core.config, user, profile) };
}
