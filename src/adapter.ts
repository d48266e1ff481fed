/**
 * `barbican/adapter`: the entry for framework adapters (Hono, Express, or your own). Apps never
 * need it; the Security an app holds shows only what apps use.
 */
import { type AdapterHooks, findAdapterHooks } from './adapter-hooks.js';
import type { Security } from './security.js';

export type { AdapterHooks } from './adapter-hooks.js';
export type { RequestState } from './context.js';
export type { Guard } from './guards/guard.js';
export type { RequestOptions } from './security.js';

/**
 * The adapter-facing side of a Security made by createSecurity.
 *
 * @example
 * const hooks = adapterHooks(security);
 * const state = hooks.createRequestState(request, { clientIp });
 * const own = await hooks.serve(state); // a built-in endpoint's Response, or null
 */
export function adapterHooks(security: Security): AdapterHooks {
  const hooks = findAdapterHooks(security);
  if (!hooks) throw new TypeError('adapterHooks(security) needs a Security made by createSecurity');
  return hooks;
}
