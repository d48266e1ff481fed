/** The username-recovery feature: an anonymous user has their username mailed to their address. */
import type { Feature } from '../route.js';
import { recoverUsernameRoutes } from './routes.js';
import { recoverUsernamePage } from './views.js';

export const recoverUsernameFeature: Feature = {
  name: 'recover-username',
  enabled: (config) => config.usernameRecovery,
  routes: recoverUsernameRoutes,
  views: { recoverUsername: recoverUsernamePage },
};
