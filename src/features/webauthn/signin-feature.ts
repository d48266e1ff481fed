/**
 * The sign-in side of WebAuthn (webauthn): /wan-signin (first or second factor), /wan-verify, and
 * the browser scripts their pages load. Registration and deletion are in index.ts.
 */
import type { Feature } from '../route.js';
import { webauthnAssetRoutes } from './browser-assets.js';
import { signinRoutes } from './signin-routes.js';
import { verifyRoutes } from './verify-routes.js';
import { wanSigninPage, wanVerifyPage } from './views.js';

export const webauthnSigninFeature: Feature = {
  name: 'webauthn-signin',
  enabled: (config) => config.webauthn,
  routes: (core) => [...webauthnAssetRoutes(core.config), ...signinRoutes(core), ...verifyRoutes(core)],
  views: { wanSignin: wanSigninPage, wanVerify: wanVerifyPage },
};
