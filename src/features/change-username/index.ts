/** The change-username feature (needs usernameEnable): a signed-in user picks a new username. */
import type { Feature } from '../route.js';
import { changeUsernameRoutes } from './routes.js';
import { changeUsernamePage } from './views.js';

export const changeUsernameFeature: Feature = {
  name: 'change-username',
  enabled: (config) => config.changeUsername && config.usernameEnable,
  routes: changeUsernameRoutes,
  views: { changeUsername: changeUsernamePage },
};
