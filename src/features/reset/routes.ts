/** The recoverable feature's routes: /reset and /reset/<token>. */
import type { SecurityCore } from '../../core.js';
import type { Route } from '../route.js';
import { getForgot, postForgot } from './forgot-routes.js';
import { resetPath } from './reset-path.js';
import { getReset, postReset } from './token-routes.js';

export function resetRoutes(core: SecurityCore): Route[] {
  const path = resetPath(core);
  return [
    { method: 'GET', path, handler: getForgot },
    { method: 'POST', path, handler: postForgot },
    { method: 'GET', path: `${path}/:token`, handler: getReset },
    { method: 'POST', path: `${path}/:token`, handler: postReset },
  ];
}
