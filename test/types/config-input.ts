/**
 * Type-level checks, compiled by `npm run typecheck` (never run): each @ts-expect-error line must
 * fail to compile, or tsc reports the directive as unused and the typecheck fails.
 */
import {
  configFromEnv,
  createSecurity,
  type Datastore,
  type SecurityConfigInput,
  uncheckedConfig,
} from '../../src/index.js';

declare const datastore: Datastore;
const secretKey = 'types-secret-0123456789abcdefghijklmn';

// @ts-expect-error a misspelt option name is not a SecurityConfigInput key
export const typo: SecurityConfigInput = { secretKy: 'x' };
// @ts-expect-error externalUrl is a string
export const wrongUrl: SecurityConfigInput = { externalUrl: 1234 };
// @ts-expect-error tokenMaxAge is seconds or a duration string, not a boolean
export const wrongAge: SecurityConfigInput = { tokenMaxAge: true };
// @ts-expect-error options with a fixed set of values are unions
export const wrongForm: SecurityConfigInput = { passwordNormalizeForm: 'NFX' };
// @ts-expect-error list items are checked against their choices too
export const wrongMethod: SecurityConfigInput = { logoutMethods: ['DELETE'] };

// createSecurity's config is exact as well, even next to valid options.
// @ts-expect-error secretKy is not an option
createSecurity({ datastore, config: { secretKey, secretKy: 'x' } });
// @ts-expect-error trackable is a boolean
createSecurity({ datastore, config: { secretKey, trackable: 'yes' } });

// The runtime-checked paths: variables, and untyped objects marked as such.
createSecurity({
  datastore,
  config: configFromEnv(process.env, { secretKey, externalUrl: 'https://example.com' }),
});
createSecurity({ datastore, config: uncheckedConfig({ secretKey, anythingGoes: 1 }) });
// @ts-expect-error configFromEnv's defaults are typed options
configFromEnv(process.env, { secretKy: 'x' });

// Resolved options with a fixed set of values are unions, usable without casts.
export function normalizeWith(config: ReturnType<typeof createSecurity>['config'], text: string): string {
  const form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD' | null = config.passwordNormalizeForm;
  const samesite: 'Lax' | 'Strict' | 'None' = config.sessionCookieSamesite;
  return `${form === null ? text : text.normalize(form)}; SameSite=${samesite}`;
}
