/** The /us-signin page and JSON payload for this request: what a GET shows and a refusal repeats. */
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { FieldError } from '../../http/responder.js';
import { formPageProps } from '../form-page.js';
import { usCodeMethods } from './methods.js';

export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/** Upstream's GET payload, also carried by refused JSON posts. */
export async function signinPayload(state: RequestState): Promise<Record<string, unknown>> {
  const { config } = state.core;
  return {
    available_methods: config.usEnabledMethods,
    code_methods: usCodeMethods(config),
    csrf_token: await csrfTokenFor(state),
    identity_attributes: config.userIdentityAttributes,
  };
}

export async function signinPage(
  state: RequestState,
  options: {
    identity: string;
    errors: readonly FieldError[];
    next: string | null;
    chosenMethod?: string | null;
    notice?: string | null;
  },
) {
  const { core } = state;
  const { next } = options;
  const props = await formPageProps(state, {
    action: withNext(core.paths.usSignin, next),
    errors: options.errors,
    next,
  });
  return () =>
    core.views.usSignin({
      ...props,
      identity: options.identity,
      identityAttributes: core.config.userIdentityAttributes,
      rememberDefault: core.config.defaultRememberMe,
      codeMethods: usCodeMethods(core.config),
      chosenMethod: options.chosenMethod ?? null,
      sendCodeAction: withNext(core.paths.usSigninSendCode, next),
      notice: options.notice ?? null,
    });
}
