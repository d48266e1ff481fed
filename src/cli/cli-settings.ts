/**
 * The part of the app's configuration the CLI needs: the SECURITY_PASSWORD_* policy, the
 * identity length limit and the username rules (so the CLI normalises identities as the app
 * does). Read from the same environment variables as the app, with the same defaults, but
 * without the rest of the config, so no SECRET_KEY or externalUrl is required.
 */
import { readEnvOptions } from '../config/from-env.js';
import { ConfigError, OPTION_SPECS, type OptionName, type SecurityConfig } from '../config/index.js';
import type { OptionSpec } from '../config/option-spec.js';
import { validateOption } from '../config/validate-option.js';
import { checkTablePrefix } from '../datastore/kysely/table-prefix-plugin.js';
import type { OpenDatastoreOptions } from '../datastore/open-datastore.js';
import { createPasswordUtil, type PasswordUtil } from '../passwords/index.js';

const CLI_OPTIONS = [
  'passwordNormalizeForm',
  'passwordLengthMin',
  'passwordLengthMax',
  'passwordComplexityChecker',
  'zxcvbnMinimumScore',
  'passwordCheckBreached',
  'passwordBreachedCount',
  'passwordBreachedUrl',
  'maxIdentityLength',
  'usernameNormalizeForm',
  'usernameMinLength',
  'usernameMaxLength',
] as const satisfies readonly OptionName[];

export type CliSettings = Pick<SecurityConfig, (typeof CLI_OPTIONS)[number]>;

/**
 * Throws ConfigError naming the option when a variable holds a value the app would refuse.
 *
 * @example cliSettingsFromEnv({ SECURITY_PASSWORD_LENGTH_MIN: '12' }).passwordLengthMin // 12
 */
export function cliSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): CliSettings {
  const given = readEnvOptions(env);
  const specs: Readonly<Record<string, OptionSpec>> = OPTION_SPECS;
  const settings: Record<string, unknown> = {};
  for (const option of CLI_OPTIONS) {
    const spec = specs[option];
    if (spec === undefined) continue;
    const value = given[option];
    settings[option] = value === undefined ? spec.default : validateOption(option, spec, value);
  }
  return Object.freeze(settings) as CliSettings;
}

/** The PasswordUtil the app builds from the same settings (see createSecurity). */
export function passwordUtilFor(settings: CliSettings): PasswordUtil {
  return createPasswordUtil({
    passwordNormalizeForm: settings.passwordNormalizeForm,
    passwordLengthMin: settings.passwordLengthMin,
    passwordLengthMax: settings.passwordLengthMax,
    passwordComplexityChecker: settings.passwordComplexityChecker,
    zxcvbnMinimumScore: settings.zxcvbnMinimumScore,
    passwordCheckBreached: settings.passwordCheckBreached ?? false,
    passwordBreachedCount: settings.passwordBreachedCount,
    passwordBreachedUrl: settings.passwordBreachedUrl,
  });
}

/** The variable naming the table prefix the app gives its datastore (tablePrefix), e.g. "auth_". */
export const TABLE_PREFIX_VARIABLE = 'BARBICAN_TABLE_PREFIX';

/**
 * How the CLI opens the app's database: with the app's table prefix, so `barbican db migrate`
 * in a deploy pipeline creates the tables an app opening with `migrate: false` expects.
 * Throws ConfigError naming BARBICAN_TABLE_PREFIX for a prefix the datastore would refuse.
 *
 * @example cliDatastoreOptions({ BARBICAN_TABLE_PREFIX: 'auth_' }) // { tablePrefix: 'auth_' }
 */
export function cliDatastoreOptions(env: Readonly<Record<string, string | undefined>>): OpenDatastoreOptions {
  const tablePrefix = env[TABLE_PREFIX_VARIABLE] ?? '';
  try {
    return { tablePrefix: checkTablePrefix(tablePrefix) };
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^tablePrefix /, '') : String(error);
    throw new ConfigError(
      'CONFIG_INVALID_VALUE',
      TABLE_PREFIX_VARIABLE,
      `${TABLE_PREFIX_VARIABLE} ${reason}`,
    );
  }
}
