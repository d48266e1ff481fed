/** The logout feature. */
import type { Feature } from '../route.js';
import { logoutRoutes } from './routes.js';

export const logoutFeature: Feature = { name: 'logout', enabled: () => true, routes: logoutRoutes };
