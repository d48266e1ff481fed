/**
 * GET and POST /tf-rescue: help for a pending sign-in whose second factor is out of reach.
 * "email" mails a one-time code to the account address (it then works at /tf-validate in place of
 * the app's code); "help" mails the help desk. Each request counts against the pending sign-in's
 * attempts, so a pending sign-in cannot be used to flood a mailbox.
 */
import { currentPendingLogin, type PendingLogin, takePendingAttempt } from '../../auth/pending-login.js';
import { mailTwoFactorCode } from '../../auth/two-factor-mail-code.js';
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import { stringField } from '../../http/body.js';
import { type FieldError, respond } from '../../http/responder.js';
import { queueMail } from '../../mail/queue-mail.js';
import { MESSAGES } from '../../messages.js';
import { limitSend } from '../../ratelimit/limit-request.js';
import { formCsrfError } from '../form-helpers.js';
import { formFailure, showForm } from '../form-page.js';
import { secondFactorNotAllowed, secondFactorTooManyAttempts } from '../second-factor-answer.js';
import { rescueHelpMail } from './emails.js';
import { recoveryOptions } from './rescue-options.js';
import { validatePage } from './validate-routes.js';

async function getRescue(state: RequestState): Promise<Response> {
  const pending = await currentPendingLogin(state);
  if (!pending) return secondFactorNotAllowed(state);
  const response = {
    csrf_token: await csrfTokenFor(state),
    recovery_options: await recoveryOptions(state, pending.user),
  };
  return showForm(state, await validatePage(state, [], null), { response });
}

async function send(state: RequestState, pending: PendingLogin, choice: string): Promise<void> {
  const { core } = state;
  if (choice === 'help') {
    await queueMail(core, core.datastore, rescueHelpMail(core, pending.user));
    core.mailWorker.kick();
    return;
  }
  // An email user gets a new sign-in code; anyone else a rescue code, kept apart from the app's.
  await mailTwoFactorCode(core, pending.user, pending.record.method === 'email' ? 'tf-email' : 'tf-rescue');
}

function redirectEveryone(state: RequestState, location: string): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store', Vary: 'Cookie' });
  for (const cookie of state.setCookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 302, headers });
}

async function postRescue(state: RequestState): Promise<Response> {
  const choice = stringField(await state.body(), 'help_setup');
  const failed = async (error: FieldError): Promise<Response> =>
    formFailure(state, [error], await validatePage(state, [error], null));
  const csrfError = await formCsrfError(state);
  if (csrfError) return failed(csrfError);
  const pending = await currentPendingLogin(state);
  if (!pending) return secondFactorNotAllowed(state);
  const options = await recoveryOptions(state, pending.user);
  if (choice === undefined || !Object.hasOwn(options, choice)) {
    return failed({ field: 'help_setup', message: MESSAGES.TWO_FACTOR_RESCUE_CHOICE_INVALID });
  }
  // Upstream answers this choice with a redirect even to JSON callers; no attempt is used.
  if (choice === 'recovery_code') return redirectEveryone(state, state.core.paths.mfRecovery);
  const attempt = await takePendingAttempt(state, pending);
  if (!attempt.ok) return secondFactorTooManyAttempts(state);
  await limitSend(state, pending.user.email);
  await send(state, pending, choice);
  return respond(state, {
    status: 200,
    response: { csrf_token: await csrfTokenFor(state), recovery_options: options },
    redirect: state.core.paths.tfValidate,
  });
}

export const rescueHandlers = { show: getRescue, submit: postRescue };
