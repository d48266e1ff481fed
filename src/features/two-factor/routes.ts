/** The routes of two-factor: /tf-setup, /tf-validate and /tf-rescue (select comes later). */
import type { SecurityCore } from '../../core.js';
import { formRoutes, type Route } from '../route.js';
import { rescueHandlers } from './rescue-routes.js';
import { setupHandlers } from './setup-routes.js';
import { validateHandlers } from './validate-routes.js';

export function twoFactorRoutes(core: SecurityCore): Route[] {
  return [
    ...formRoutes(core.paths.tfSetup, setupHandlers.show, setupHandlers.submit),
    ...formRoutes(core.paths.tfValidate, validateHandlers.show, validateHandlers.submit),
    ...formRoutes(core.paths.tfRescue, rescueHandlers.show, rescueHandlers.submit),
  ];
}
