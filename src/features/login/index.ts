/** The login feature: password sign-in at loginUrl. */
import type { Feature } from '../route.js';
import { loginRoutes } from './routes.js';

export const loginFeature: Feature = { name: 'login', enabled: () => true, routes: loginRoutes };
