/** The recoverable feature's routes: /reset and /reset/<token>. */
import type { SecurityCore } from '../../core.js';
import { formRoutes, type Route } from '../route.js';
import { getForgot, postForgot } from './forgot-routes.js';
import { getReset, postReset } from './token-routes.js';

export function resetRoutes(core: SecurityCore): Route[] {
  const path = core.paths.reset;
  return [...formRoutes(path, getForgot, postForgot), ...formRoutes(`${path}/:token`, getReset, postReset)];
}
