/** What a feature contributes to the kernel: routes bound to built-in paths. */
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';

export type RouteMethod = 'GET' | 'POST';

export interface Route {
  readonly method: RouteMethod;
  readonly path: string;
  readonly handler: (state: RequestState) => Promise<Response>;
}

export interface Feature {
  readonly name: string;
  routes(core: SecurityCore): readonly Route[];
}
