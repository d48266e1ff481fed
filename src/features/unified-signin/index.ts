/**
 * Unified sign-in (unifiedSignin): one form for a password, a mailed or texted code, or an
 * authenticator code, as Flask-Security's us-* endpoints. Each part adds its route group here.
 */
import type { SecurityCore } from '../../core.js';
import type { Feature, Route } from '../route.js';
import { usSetupRoutes } from './setup-routes.js';
import { usSetupPage } from './setup-views.js';
import { usSigninRoutes } from './signin-routes.js';
import { unifiedSigninPage } from './signin-views.js';
import { unifiedVerifyPage } from './verify-views.js';

/** The route groups of the feature: sign-in, send-code, verify and the magic link (setup joins). */
const ROUTE_GROUPS: ReadonlyArray<(core: SecurityCore) => Route[]> = [usSetupRoutes, usSigninRoutes];

export const unifiedSigninFeature: Feature = {
  name: 'unified-signin',
  enabled: (config) => config.unifiedSignin,
  routes: (core) => ROUTE_GROUPS.flatMap((group) => group(core)),
  views: { usSetup: usSetupPage, usSignin: unifiedSigninPage, usVerify: unifiedVerifyPage },
};
