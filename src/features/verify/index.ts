/** The verify (re-authenticate) feature. */
import type { Feature } from '../route.js';
import { verifyRoutes } from './routes.js';

export const verifyFeature: Feature = { name: 'verify', enabled: () => true, routes: verifyRoutes };
