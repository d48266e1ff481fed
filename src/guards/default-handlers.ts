/** Flask-Security's default answers to unauthenticated, unauthorized and stale requests. */
import { basicChallenge } from '../auth/basic.js';
import type { SecurityConfig } from '../config/options.js';
import type { Handlers } from '../core.js';
import { jsonEnvelope } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import { escapeHtml } from '../views/html.js';
import type { Views } from '../views/views.js';

function json(
  status: number,
  response: Record<string, unknown>,
  extra: Record<string, string> = {},
): Response {
  return new Response(jsonEnvelope(status, response), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...extra },
  });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

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
  paths: { login: string; verify: string },
): Handlers {
  return {
    unauthnHandler({ request, json: wantsJson, mechanisms, realm }) {
      const challenge: Record<string, string> = mechanisms.includes('basic')
        ? { 'WWW-Authenticate': basicChallenge(realm) }
        : {};
      if (wantsJson) return json(401, { errors: [MESSAGES.UNAUTHENTICATED] }, challenge);
      if (mechanisms.includes('basic')) {
        return new Response(escapeHtml(MESSAGES.UNAUTHENTICATED), {
          status: 401,
          headers: { 'Content-Type': 'text/html; charset=utf-8', ...challenge },
        });
      }
      return redirect(withNext(paths.login, target(request)));
    },
    unauthzHandler({ json: wantsJson }) {
      if (wantsJson) return json(403, { errors: [MESSAGES.UNAUTHORIZED] });
      if (config.unauthorizedView) return redirect(config.unauthorizedView);
      return new Response(
        views.message({ status: 403, title: 'Forbidden', messages: [MESSAGES.UNAUTHORIZED] }),
        {
          status: 403,
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        },
      );
    },
    reauthnHandler({ request, json: wantsJson }) {
      if (wantsJson) {
        return json(401, {
          errors: [MESSAGES.REAUTHENTICATION_REQUIRED],
          reauth_required: true,
          has_webauthn_verify_credential: false,
          unified_signin_enabled: false,
        });
      }
      return redirect(withNext(paths.verify, target(request)));
    },
  };
}
