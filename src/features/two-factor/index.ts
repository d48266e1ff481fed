/** The two-factor feature (twoFactor): a second factor after the password, as Flask-Security's tf-* endpoints. */
import type { Feature } from '../route.js';
import { twoFactorRoutes } from './routes.js';
import { twoFactorSelectPage, twoFactorSetupPage, twoFactorValidatePage } from './views.js';

export const twoFactorFeature: Feature = {
  name: 'two-factor',
  enabled: (config) => config.twoFactor,
  routes: twoFactorRoutes,
  views: {
    twoFactorValidate: twoFactorValidatePage,
    twoFactorSetup: twoFactorSetupPage,
    twoFactorSelect: twoFactorSelectPage,
  },
};
