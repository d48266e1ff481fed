/** The confirmable feature: /confirm (resend instructions) and /confirm/<token> (the mailed link). */
import type { Feature } from '../route.js';
import { confirmRoutes } from './routes.js';
import { confirmPasswordPage, sendConfirmationPage } from './views.js';

export type { ConfirmationLink } from './service.js';
export { issueConfirmationLink } from './service.js';

export const confirmFeature: Feature = {
  name: 'confirm',
  enabled: (config) => config.confirmable,
  routes: confirmRoutes,
  views: { sendConfirmation: sendConfirmationPage, confirmPassword: confirmPasswordPage },
};
