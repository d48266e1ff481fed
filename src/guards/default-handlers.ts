/**
 * Flask-Security's default answers to unauthenticated, unauthorized and stale requests, rendered
 * by the one responder so they carry the same envelope, page and cache headers as every endpoint.
 */
import { basicChallenge } from '../auth/basic.js';
import type { SecurityConfig } from '../config/options.js';
import type { Handlers } from '../core.js';
import { type FeatureResult, respondTo } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import type { Views } from '../views/views.js';

function withNext(url: string, next: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}`;
}

function target(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

export function createDefaultHandlers(
  config: SecurityConfig,
  views: Views,
  paths: { login: string; verify: string; usSignin: string; usVerify: string },
): Handlers {
  // usSigninReplacesLogin: the unified sign-in and verify pages are the ones guards send browsers to.
  const unified = config.unifiedSignin && config.usSigninReplacesLogin;
  const loginPage = unified ? paths.usSignin : paths.login;
  const verifyPage = unified ? paths.usVerify : paths.verify;
  // Pending cookies are the guard's to add (withStateCookies), so none are rendered here.
  const render = (json: boolean, result: FeatureResult): Response =>
    respondTo({ json, views, setCookies: [] }, result);
  return {
    unauthnHandler({ request, json, mechanisms, realm }) {
      const basic = mechanisms.includes('basic');
      const headers = basic ? { 'WWW-Authenticate': basicChallenge(realm) } : undefined;
      // A Basic client cannot follow a redirect to a login form: it gets the challenge instead.
      if (json || basic) {
        return render(json, {
          status: 401,
          errors: [MESSAGES.UNAUTHENTICATED],
          ...(headers ? { headers } : {}),
        });
      }
      return render(json, { status: 302, redirect: withNext(loginPage, target(request)) });
    },
    unauthzHandler({ json }) {
      if (!json && config.unauthorizedView) {
        return render(json, { status: 302, redirect: config.unauthorizedView });
      }
      return render(json, { status: 403, errors: [MESSAGES.UNAUTHORIZED] });
    },
    reauthnHandler({ request, json, hasWebAuthnVerifyCredential }) {
      if (!json) return render(json, { status: 302, redirect: withNext(verifyPage, target(request)) });
      return render(json, {
        status: 401,
        errors: [MESSAGES.REAUTHENTICATION_REQUIRED],
        response: {
          reauth_required: true,
          has_webauthn_verify_credential: hasWebAuthnVerifyCredential,
          unified_signin_enabled: config.unifiedSignin,
        },
      });
    },
  };
}
