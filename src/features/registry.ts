/**
 * Every feature Barbican ships, in routing order. A feature serves its routes only when its config
 * flag switches it on (Feature.enabled). Add a feature with one line here.
 */
import { changeEmailFeature } from './change-email/index.js';
import { changeableFeature } from './change-password/index.js';
import { changeUsernameFeature } from './change-username/index.js';
import { confirmFeature } from './confirm/index.js';
import { loginFeature } from './login/index.js';
import { logoutFeature } from './logout/index.js';
import { recoverUsernameFeature } from './recover-username/index.js';
import { recoveryCodesFeature } from './recovery-codes/index.js';
import { registerFeature } from './register/index.js';
import { recoverableFeature } from './reset/index.js';
import type { Feature } from './route.js';
import { sessionsFeature } from './sessions/index.js';
import { twoFactorFeature } from './two-factor/index.js';
import { unifiedSigninFeature } from './unified-signin/index.js';
import { verifyFeature } from './verify/index.js';
import { webauthnFeature } from './webauthn/index.js';
import { webauthnSigninFeature } from './webauthn/signin-feature.js';

export const FEATURES: readonly Feature[] = [
  loginFeature,
  logoutFeature,
  verifyFeature,
  recoverableFeature,
  changeableFeature,
  registerFeature,
  confirmFeature,
  changeEmailFeature,
  changeUsernameFeature,
  recoverUsernameFeature,
  twoFactorFeature,
  recoveryCodesFeature,
  webauthnFeature,
  webauthnSigninFeature,
  unifiedSigninFeature,
  sessionsFeature,
];
