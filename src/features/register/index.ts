/** The registerable feature: sign-up at registerUrl. */
import type { Feature } from '../route.js';
import { registerRoutes } from './routes.js';
import { registerPage } from './views.js';

export const registerFeature: Feature = {
  name: 'register',
  enabled: (config) => config.registerable,
  routes: registerRoutes,
  views: { register: registerPage },
};
