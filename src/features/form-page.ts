/**
 * The form pages of the built-in endpoints: the props every form view shares, a form shown on
 * GET, and a refused post, which gives JSON callers a 400 and browsers the form again (200, as
 * upstream renders it).
 */

import type { RequestState } from '../context.js';
import { csrfTokenFor } from '../csrf/csrf-token.js';
import { type FieldError, respond } from '../http/responder.js';
import type { FormPageProps } from '../views/views.js';

/** A page built for this request, rendered only when the caller is answered with HTML. */
export type FormPage = () => string;

export interface FormPageFields {
  /** Form action, already safe (built by Barbican). */
  readonly action: string;
  readonly errors: readonly FieldError[];
  readonly next: string | null;
}

/**
 * The props every form view takes, with the visitor's CSRF token.
 *
 * @example
 * const props = await formPageProps(state, { action: core.paths.verify, errors: [], next: null });
 * return () => core.views.verify({ ...props, email: identity.user.email });
 */
export async function formPageProps(state: RequestState, fields: FormPageFields): Promise<FormPageProps> {
  const csrfToken = await csrfTokenFor(state);
  return {
    action: fields.action,
    csrfToken,
    errors: fields.errors.map((e) => e.message),
    next: fields.next,
  };
}

export interface FormAnswerOptions {
  /** The JSON answer; `{ csrf_token }` unless the endpoint's payload carries more. */
  readonly response?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A form shown (GET): JSON callers get its payload, browsers the page. */
export async function showForm(
  state: RequestState,
  page: FormPage,
  options: FormAnswerOptions = {},
): Promise<Response> {
  return respond(state, {
    status: 200,
    response: options.response ?? { csrf_token: await csrfTokenFor(state) },
    html: page,
    headers: options.headers,
  });
}

/** A refused form post: JSON callers get a 400 with the field errors, browsers the page with them. */
export async function formFailure(
  state: RequestState,
  errors: readonly FieldError[],
  page: FormPage,
  options: FormAnswerOptions = {},
): Promise<Response> {
  return respond(state, {
    status: 400,
    fieldErrors: errors,
    response: options.response ?? { csrf_token: await csrfTokenFor(state) },
    htmlStatus: 200,
    html: page,
    headers: options.headers,
  });
}
