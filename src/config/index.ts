/** Configuration: one table of options, resolved once into a frozen object. */
export type { ConfigErrorCode } from './config-error.js';
export { ConfigError } from './config-error.js';
export { parseDurationSeconds } from './duration.js';
export type { UncheckedConfig } from './from-env.js';
export { configFromEnv, uncheckedConfig } from './from-env.js';
export type { OptionKind, OptionSpec } from './option-spec.js';
export type { OptionName, SecurityConfig, SecurityConfigInput } from './options.js';
export { OPTION_SPECS } from './options.js';
export type { ResolveConfigOptions } from './resolve-config.js';
export { resolveConfig } from './resolve-config.js';
