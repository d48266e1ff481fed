/**
 * Every feature Barbican ships, in routing order. A feature serves its routes only when its config
 * flag switches it on (Feature.enabled). Add a feature with one line here.
 */
import { loginFeature } from './login/index.js';
import { logoutFeature } from './logout/index.js';
import type { Feature } from './route.js';
import { verifyFeature } from './verify/index.js';

export const FEATURES: readonly Feature[] = [loginFeature, logoutFeature, verifyFeature];
