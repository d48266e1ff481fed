/** The routes of two-factor: /tf-setup, /tf-validate, /tf-rescue and /tf-select. */

import { invalidValue } from '../../config/config-error.js';
import type { SecurityCore } from '../../core.js';
import { normalizePhone } from '../../sms/normalize-phone.js';
import { formRoutes, type Route } from '../route.js';
import { rescueHandlers } from './rescue-routes.js';
import { selectHandlers } from './select-routes.js';
import { setupHandlers } from './setup-routes.js';
import { validateHandlers } from './validate-routes.js';

export function twoFactorRoutes(core: SecurityCore): Route[] {
  checkPhoneRegion(core);
  return [
    ...formRoutes(core.paths.tfSetup, setupHandlers.show, setupHandlers.submit),
    ...formRoutes(core.paths.tfValidate, validateHandlers.show, validateHandlers.submit),
    ...formRoutes(core.paths.tfRescue, rescueHandlers.show, rescueHandlers.submit),
    ...formRoutes(core.paths.tfSelect, selectHandlers.show, selectHandlers.submit),
  ];
}

/** An unknown phoneRegionDefault fails at start-up, naming the option, not at a user's first SMS setup. */
function checkPhoneRegion(core: SecurityCore): void {
  if (!core.config.twoFactorEnabledMethods.includes('sms')) return;
  try {
    normalizePhone('', core.config.phoneRegionDefault);
  } catch {
    throw invalidValue(
      'phoneRegionDefault',
      'an ISO 3166 region code such as "US" or "GB"',
      core.config.phoneRegionDefault,
    );
  }
}
