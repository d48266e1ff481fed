/** Recovery codes (multiFactorRecoveryCodes): single-use codes in place of a second factor. */
import type { Feature } from '../route.js';
import { recoveryCodeRoutes } from './routes.js';
import { recoveryCodesPage, recoveryPage } from './views.js';

export const recoveryCodesFeature: Feature = {
  name: 'recovery-codes',
  enabled: (config) => config.multiFactorRecoveryCodes,
  routes: recoveryCodeRoutes,
  views: { recoveryCodes: recoveryCodesPage, recovery: recoveryPage },
};
