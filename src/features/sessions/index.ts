/** Session management (sessionManagement, beyond Flask-Security): list your sessions, end some. */
import type { Feature } from '../route.js';
import { sessionRoutes } from './routes.js';
import { sessionsPage } from './views.js';

export const sessionsFeature: Feature = {
  name: 'sessions',
  enabled: (config) => config.sessionManagement,
  routes: sessionRoutes,
  views: { sessions: sessionsPage },
};
