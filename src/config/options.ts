/**
 * Every option Barbican implements, with its default. Names are Flask-Security's keys in camelCase
 * (SECURITY_TOKEN_MAX_AGE → tokenMaxAge) so its documentation maps 1:1. Durations are seconds
 * (or strings such as "15m" / "24h" on input); a negative freshness disables the check, as upstream.
 * The table lives in options/, one file per group; this is the one place that joins them.
 */

import type { OptionSpec } from './option-spec.js';
import { ACCOUNTS_OPTIONS } from './options/accounts.js';
import { CORE_OPTIONS } from './options/core.js';
import { HTTP_OPTIONS } from './options/http.js';
import { PAGES_OPTIONS } from './options/pages.js';
import { PASSWORDS_OPTIONS } from './options/passwords.js';
import { RATE_LIMIT_OPTIONS } from './options/rate-limits.js';
import { REDIS_OPTIONS } from './options/redis.js';
import { SESSION_STORE_OPTIONS } from './options/session-store.js';
import { SESSIONS_OPTIONS } from './options/sessions.js';
import { TWO_FACTOR_OPTIONS } from './options/two-factor.js';
import { TWO_FACTOR_SELECT_OPTIONS } from './options/two-factor-select.js';
import { UNIFIED_SIGNIN_OPTIONS } from './options/unified-signin.js';
import { UNIFIED_SIGNIN_CODE_OPTIONS } from './options/unified-signin-codes.js';
import { WEBAUTHN_OPTIONS } from './options/webauthn.js';

export const OPTION_SPECS = {
  ...CORE_OPTIONS,
  ...PASSWORDS_OPTIONS,
  ...PAGES_OPTIONS,
  ...SESSIONS_OPTIONS,
  ...HTTP_OPTIONS,
  ...ACCOUNTS_OPTIONS,
  ...TWO_FACTOR_OPTIONS,
  ...TWO_FACTOR_SELECT_OPTIONS,
  ...UNIFIED_SIGNIN_OPTIONS,
  ...UNIFIED_SIGNIN_CODE_OPTIONS,
  ...WEBAUTHN_OPTIONS,
  ...REDIS_OPTIONS,
  ...RATE_LIMIT_OPTIONS,
  ...SESSION_STORE_OPTIONS,
} as const;

export type OptionName = keyof typeof OPTION_SPECS;

type SpecValue<S> = S extends OptionSpec<infer T> ? T : never;

/** The resolved, frozen configuration every part of Barbican reads. */
export type SecurityConfig = { readonly [K in OptionName]: SpecValue<(typeof OPTION_SPECS)[K]> };

/** What callers pass: any subset; durations may be strings such as "15m". */
export type SecurityConfigInput = {
  readonly [K in OptionName]?:
    | SpecValue<(typeof OPTION_SPECS)[K]>
    | ((typeof OPTION_SPECS)[K] extends OptionSpec<number> | OptionSpec<number | null> ? string : never);
};
