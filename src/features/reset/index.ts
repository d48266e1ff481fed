/** The recoverable feature: forgotten-password links by mail (/reset, /reset/<token>). */
import type { Feature } from '../route.js';
import { resetRoutes } from './routes.js';
import { forgotPasswordPage, resetPasswordPage } from './views.js';

export const recoverableFeature: Feature = {
  name: 'recoverable',
  enabled: (config) => config.recoverable,
  routes: resetRoutes,
  views: { forgotPassword: forgotPasswordPage, resetPassword: resetPasswordPage },
};
