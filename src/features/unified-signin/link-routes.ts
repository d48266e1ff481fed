/**
 * GET /us-verify-link/<token>: the magic link of a sign-in code mail. It signs in once, expires
 * with the code (usTokenValidity), is bound to its user (and dies with a password change through
 * fs_uniquifier), and its use voids the code of the same mail. Opened in another browser it signs
 * that browser in, as upstream does, unless usMagicLinkSameBrowser binds it to the browser that
 * asked. The token is random and hashed at rest (auth/link-token.ts): unlike 5.1.2's link, it
 * carries neither the address nor the code.
 */
import { completeLogin } from '../../auth/complete-login.js';
import { checkLinkToken, consumeLinkToken } from '../../auth/link-token.js';
import { isConfirmationMissing } from '../../auth/password-check.js';
import type { RequestState } from '../../context.js';
import type { SecurityCore } from '../../core.js';
import { setCsrfCookie } from '../../csrf/csrf-cookie.js';
import type { User } from '../../datastore/types.js';
import { respond } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { refuseSignedIn, signedInPayload } from '../form-helpers.js';
import type { Route } from '../route.js';
import { secondFactorRequiredAnswer } from '../second-factor-answer.js';
import { usMfaRequired } from './methods.js';
import { browserBinding } from './signin-browser.js';
import { revokeSigninCode } from './signin-codes.js';

/** The link's URL holds the token: never send it to another site in a Referer. */
const HEADERS = { 'Referrer-Policy': 'same-origin' };

/** Back to the sign-in form with the reason (generic responses: one reason for all). */
function refused(state: RequestState, message: string): Response {
  const shown = state.core.config.returnGenericResponses ? MESSAGES.GENERIC_AUTHN_FAILED : message;
  return respond(state, {
    status: 400,
    errors: [shown],
    redirect: state.core.paths.usSignin,
    flash: [shown],
    headers: HEADERS,
  });
}

/** The user the token signs in, or the refusal; the token is used up only when it does. */
async function redeem(state: RequestState, token: string): Promise<User | Response> {
  const { core } = state;
  const link = await checkLinkToken(core, core.datastore, token, 'us-signin');
  if (link.status !== 'valid') return refused(state, MESSAGES.INVALID_CODE);
  const { user, record } = link;
  if (!user.active) return refused(state, MESSAGES.DISABLED_ACCOUNT);
  if (isConfirmationMissing(core, user)) return refused(state, MESSAGES.CONFIRMATION_REQUIRED);
  if (core.config.usMagicLinkSameBrowser && record.data.binding !== (await browserBinding(state))) {
    return refused(state, MESSAGES.US_LINK_OTHER_BROWSER);
  }
  // Single use: of two requests racing with the same link, one consumes it.
  if (!(await consumeLinkToken(core, core.datastore, record))) return refused(state, MESSAGES.INVALID_CODE);
  await revokeSigninCode(core, user, 'signin', 'email');
  return user;
}

async function getLink(state: RequestState): Promise<Response> {
  const { core } = state;
  const signedIn = await refuseSignedIn(state);
  if (signedIn) return signedIn;
  const next = core.safeRedirect(state.url.searchParams.get('next'));
  const path = state.url.pathname;
  const redeemed = await redeem(state, path.slice(path.lastIndexOf('/') + 1));
  if (redeemed instanceof Response) return redeemed;
  const login = await completeLogin(state, redeemed, {
    method: 'us-link',
    remember: false,
    secondFactorPassed: !usMfaRequired(core.config, 'email'),
  });
  if (login.status === 'tf_required') return secondFactorRequiredAnswer(state, login, next);
  await setCsrfCookie(state);
  return respond(state, {
    status: 200,
    response: await signedInPayload(state, login.user, login.authenticatedAt),
    redirect: next ?? core.config.postLoginView,
    flash: [MESSAGES.PASSWORDLESS_LOGIN_SUCCESSFUL],
    headers: HEADERS,
  });
}

/** The bare link (no token) as upstream answers a link without its fields. */
function getBareLink(state: RequestState): Promise<Response> {
  return Promise.resolve(
    respond(state, {
      status: 400,
      errors: [MESSAGES.API_ERROR],
      redirect: state.core.paths.usSignin,
      flash: [MESSAGES.API_ERROR],
    }),
  );
}

export function linkRoutes(core: SecurityCore): Route[] {
  const path = core.paths.usVerifyLink;
  return [
    { method: 'GET', path, handler: getBareLink },
    { method: 'GET', path: `${path}/:token`, handler: getLink },
  ];
}
