/** The changeable feature: a signed-in user changes their password (/change). */
import type { Feature } from '../route.js';
import { changeRoutes } from './routes.js';
import { changePasswordPage } from './views.js';

export const changeableFeature: Feature = {
  name: 'changeable',
  enabled: (config) => config.changeable,
  routes: changeRoutes,
  views: { changePassword: changePasswordPage },
};
