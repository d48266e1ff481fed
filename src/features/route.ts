/** What a feature contributes to the kernel: routes bound to built-in paths. */

import type { SecurityConfig } from '../config/options.js';
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import type { Views } from '../views/views.js';

export type RouteMethod = 'GET' | 'POST';

export interface Route {
  readonly method: RouteMethod;
  /** An exact path, or one ending in `/:name` that matches any single last segment. */
  readonly path: string;
  readonly handler: (state: RequestState) => Promise<Response>;
}

/** A form endpoint: GET shows the form, POST submits it. */
export function formRoutes(path: string, show: Route['handler'], submit: Route['handler']): Route[] {
  return [
    { method: 'GET', path, handler: show },
    { method: 'POST', path, handler: submit },
  ];
}

export interface Feature {
  readonly name: string;
  /** Whether the config switches the feature on (login, logout and verify always are). */
  enabled(config: SecurityConfig): boolean;
  routes(core: SecurityCore): readonly Route[];
  /**
   * Default HTML views this feature adds; a feature declares their names by augmenting the
   * `Views` interface of src/views/views.ts (module augmentation), so apps can replace them.
   */
  readonly views?: Partial<Views>;
}
