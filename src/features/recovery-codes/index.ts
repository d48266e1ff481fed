/** Recovery codes (multiFactorRecoveryCodes): single-use codes in place of a second factor. */
import type { Feature } from '../route.js';
import { recoveryCodeRoutes } from './routes.js';

export const recoveryCodesFeature: Feature = {
  name: 'recovery-codes',
  enabled: (config) => config.multiFactorRecoveryCodes,
  routes: recoveryCodeRoutes,
};
