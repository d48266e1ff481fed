/** The change-email feature: a signed-in user moves the account to a new, confirmed address. */
import type { Feature } from '../route.js';
import { changeEmailRoutes } from './routes.js';
import { changeEmailPage } from './views.js';

export const changeEmailFeature: Feature = {
  name: 'change-email',
  enabled: (config) => config.changeEmail,
  routes: changeEmailRoutes,
  views: { changeEmail: changeEmailPage },
};
