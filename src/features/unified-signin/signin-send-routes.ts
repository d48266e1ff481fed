/**
 * POST /us-signin/send-code: a code by mail (with the magic link) or SMS. With
 * returnGenericResponses every identity gets the same 200 {csrf_token} and the same storage work
 * (signin-send.ts), where 5.1.2 answers a user with the method set up in another shape.
 */
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { type FieldError, respond } from '../../http/responder.js';
import { formatMessage, MESSAGES } from '../../messages.js';
import { limitSend } from '../../ratelimit/limit-request.js';
import { formCsrfError, refuseSignedIn, resolveNext } from '../form-helpers.js';
import { formFailure } from '../form-page.js';
import { signinPage } from './signin-page.js';
import { isCodeMethod, parseUsInput } from './signin-schema.js';
import { sendUsCode } from './signin-send.js';
import { findSigninUser } from './signin-user.js';

/** The chosen method's refusal when it is not a code method this app sends, else null. */
export function chosenMethodError(state: RequestState, chosen: string | undefined): FieldError | null {
  if (chosen === undefined) return { field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE };
  if (!isCodeMethod(chosen)) return { field: 'chosen_method', message: MESSAGES.US_CHOICE_INVALID };
  if (!state.core.config.usEnabledMethods.some((m) => m === chosen)) {
    return { field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE };
  }
  return null;
}

/** A refused send gets 429 with Retry-After while the interval runs (the rate limiter's answer later). */
export function tooSoon(state: RequestState, seconds: number, page: () => string): Response {
  return respond(state, {
    status: 429,
    errors: [formatMessage('US_SEND_CODE_TOO_SOON', { seconds })],
    headers: { 'Retry-After': String(seconds) },
    html: page,
  });
}

async function postSendCode(state: RequestState): Promise<Response> {
  const { core } = state;
  const refused = await refuseSignedIn(state);
  if (refused) return refused;
  const body = await state.body();
  const input = parseUsInput(body);
  const { target: next, invalid: invalidNext } = resolveNext(state, body);
  const identity = input.identity ?? '';
  const page = (options: { errors?: FieldError[]; notice?: string }) =>
    signinPage(state, {
      identity,
      errors: options.errors ?? [],
      next,
      chosenMethod: input.chosenMethod,
      notice: options.notice,
    });
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await page({ errors: [error] }));

  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  if (invalidNext) return failed({ field: 'next', message: MESSAGES.INVALID_REDIRECT });
  if (input.identity === undefined)
    return failed({ field: 'identity', message: MESSAGES.IDENTITY_NOT_PROVIDED });
  const methodError = chosenMethodError(state, input.chosenMethod);
  if (methodError || input.chosenMethod === undefined || !isCodeMethod(input.chosenMethod)) {
    return failed(methodError ?? { field: 'chosen_method', message: MESSAGES.US_METHOD_NOT_AVAILABLE });
  }
  // Per identity as typed, whether or not it names an account (the answer must not tell).
  await limitSend(state, identity);
  const user = await findSigninUser(core, identity);
  const outcome = await sendUsCode(state, user, { flow: 'signin', method: input.chosenMethod });
  if (outcome.status === 'refused') return failed(outcome.error);
  if (outcome.status === 'too_soon') return tooSoon(state, outcome.retryAfterSeconds, await page({}));
  const notice = core.config.returnGenericResponses
    ? MESSAGES.GENERIC_US_SIGNIN
    : MESSAGES.CODE_HAS_BEEN_SENT;
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state) },
    html: await page({ notice }),
  });
}

export const sendCodeHandler = postSendCode;
