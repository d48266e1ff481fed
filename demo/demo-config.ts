/**
 * The demo's Barbican config: Flask-Security's defaults with every implemented feature switched on,
 * BASE_URL as externalUrl, then SECRET_KEY and every SECURITY_* variable on top (configFromEnv).
 */
import {
  ConfigError,
  configFromEnv,
  resolveConfig,
  type SecurityConfig,
  type SecurityConfigInput,
} from '../src/config/index.js';
import { snakeToCamel } from '../src/config/option-names.js';
import type { Env } from './demo-env.js';
import { DemoEnvError } from './demo-env-error.js';
import { isReadableByOthers, loadOrCreateSecretKey } from './secret-key.js';

/** What the demo turns on before SECURITY_* overrides; the library's defaults cover the rest. */
export const DEMO_CONFIG_DEFAULTS = {
  trackable: true,
  registerable: true,
  confirmable: true,
  recoverable: true,
  changeable: true,
  changeEmail: true,
  // Usernames stay off, as in Flask-Security's defaults (identity_attributes ["email"] on the wire);
  // SECURITY_USERNAME_ENABLE=true with SECURITY_CHANGE_USERNAME / SECURITY_USERNAME_RECOVERY turns them on.
  // Two-factor (not required, so "disable" is offered), rescue by mail; the help desk is
  // SECURITY_TWO_FACTOR_RESCUE_MAIL, recovery codes SECURITY_MULTI_FACTOR_RECOVERY_CODES=true.
  twoFactor: true,
  twoFactorEnabledMethods: ['authenticator', 'email'],
  totpIssuer: 'Barbican Demo',
  twoFactorRescueEmail: true,
  // Unified sign-in: a password, a mailed code (with its magic link) or an authenticator app at
  // /us-signin; usMfaRequired keeps 5.1.2's default, so a password or a mailed code still needs the
  // second factor of a user who set one up.
  unifiedSignin: true,
  usEnabledMethods: ['password', 'email', 'authenticator'],
  usMfaRequired: ['password', 'email'],
  // WebAuthn: security keys and passkeys in every role upstream allows by default (first factor,
  // second factor, verify); register at /wan-register. Browsers need BASE_URL on localhost or a domain.
  webauthn: true,
  wanRpName: 'Barbican Demo',
  // Session management: the signed-in user lists their sessions at /sessions and ends them.
  sessionManagement: true,
  // ── Features still to come ───────────────────────────────────────────────────────────────
  // Switch each on here when its issue lands (the options exist upstream; Barbican warns and
  // ignores them until then).
  // oauthEnable: true,
} as const satisfies SecurityConfigInput;

export interface DemoConfigOptions {
  readonly baseUrl: string;
  /** REDIS_URL (or null): the demo's processes share rate-limit counters (and more) through it. */
  readonly redisUrl?: string | null;
  readonly cwd: string;
  readonly warn: (line: string) => void;
}

/**
 * Resolves the config once, at start-up, so a bad SECURITY_* value fails before anything opens.
 * A ConfigError becomes a DemoEnvError naming the environment variable it came from.
 */
export function resolveDemoConfig(env: Env, options: DemoConfigOptions): SecurityConfig {
  // An empty SECRET_KEY counts as unset, like the demo's other variables.
  const appEnv = env.SECRET_KEY === '' ? { ...env, SECRET_KEY: undefined } : env;
  const keyGiven = appEnv.SECRET_KEY !== undefined || appEnv.SECURITY_SECRET_KEY !== undefined;
  const fallbackKey = keyGiven ? {} : { secretKey: fallbackSecretKey(options) };
  const secretKey = appEnv.SECURITY_SECRET_KEY ?? appEnv.SECRET_KEY ?? fallbackKey.secretKey ?? '';
  // A demo convenience: authenticator secrets are sealed under a key derived (HKDF, its own
  // purpose) from SECRET_KEY. A real app sets SECURITY_TOTP_SECRETS, so that changing SECRET_KEY
  // does not lock every authenticator user out.
  const totpSecrets = secretKey.length >= 16 ? { totpSecrets: { '1': secretKey } } : {};
  // With REDIS_URL the demo's processes share rate-limit counters and keep sessions in Redis
  // (SECURITY_SESSION_STORE=sql keeps them in the database).
  const redis = options.redisUrl ? { redisUrl: options.redisUrl, sessionStore: 'redis' as const } : {};
  const defaults = {
    ...DEMO_CONFIG_DEFAULTS,
    externalUrl: options.baseUrl,
    ...redis,
    ...fallbackKey,
    ...totpSecrets,
  };
  try {
    return resolveConfig(configFromEnv(appEnv, defaults), { warn: options.warn });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problem = error.message.replace(/^Barbican: /, '');
    throw new DemoEnvError(variableFor(error.option, env), `is invalid: ${problem}`);
  }
}

function fallbackSecretKey(options: DemoConfigOptions): string {
  const stored = loadOrCreateSecretKey(options.cwd);
  options.warn(
    stored.created
      ? `SECRET_KEY is not set: generated a random key into ${stored.path} (mode 0600). ` +
          'Set SECRET_KEY outside this demo.'
      : `SECRET_KEY is not set: using the key kept in ${stored.path}.`,
  );
  if (isReadableByOthers(stored.path)) {
    options.warn(`${stored.path} is readable by other users; run chmod 600 on it.`);
  }
  return stored.secretKey;
}

/** The variable an option's value came from; the demo's own defaults cannot be invalid. */
function variableFor(option: string, env: Env): string {
  for (const name of Object.keys(env)) {
    if (env[name] === undefined || !name.startsWith('SECURITY_')) continue;
    if (snakeToCamel(name.slice('SECURITY_'.length)) === option) return name;
  }
  if (option === 'externalUrl') return 'BASE_URL';
  if (option === 'secretKey') return 'SECRET_KEY';
  return `The demo's ${option} option`;
}
