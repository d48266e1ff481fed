/**
 * WebAuthn (webauthn), the registration side: /wan-register (list, start, and the browser's
 * answer at /<wan_state>) and /wan-delete. Sign-in and verify are in signin-feature.ts.
 */
import type { Feature } from '../route.js';
import { deleteRoutes } from './delete-routes.js';
import { registerRoutes } from './register-routes.js';
import { wanRegisterPage } from './register-view.js';

export const webauthnFeature: Feature = {
  name: 'webauthn',
  enabled: (config) => config.webauthn,
  routes: (core) => [...registerRoutes(core), ...deleteRoutes(core)],
  views: { wanRegister: wanRegisterPage },
};
