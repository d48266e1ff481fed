/** What the WebAuthn routes share: the failure answers and the props of a page mid-ceremony. */
import type { RequestState } from '../../context.js';
import { csrfTokenFor } from '../../csrf/csrf-token.js';
import type { FieldError } from '../../http/responder.js';
import type { WebAuthnRefusal } from '../../webauthn/registration.js';
import { webauthnAssetUrls } from './browser-assets.js';
import type { WebAuthnCeremony, WebAuthnScripts } from './views.js';

/** The field error of a refused answer: upstream's `field_errors.credential` ('' for a bad state). */
export function refusalError(refusal: WebAuthnRefusal): FieldError {
  return { field: refusal.field ?? '', message: refusal.message };
}

/** A CSP nonce is base64 (or base64url) of random bytes; anything else is not put in the page. */
const NONCE = /^[A-Za-z0-9+/_-]{16,128}={0,2}$/;

/** The scripts of a ceremony page, with this response's CSP nonce when scriptNonceKey names one. */
export function ceremonyScripts(state: RequestState): WebAuthnScripts {
  const key = state.core.config.scriptNonceKey;
  const value = key === null ? undefined : state.appValue(key);
  const nonce = typeof value === 'string' && NONCE.test(value) ? value : null;
  return { ...webauthnAssetUrls(state.core.config), nonce };
}

export async function ceremonyProps(
  state: RequestState,
  fields: {
    action: string;
    kind: 'create' | 'get';
    options: unknown;
    remember: boolean;
    next: string | null;
  },
): Promise<WebAuthnCeremony> {
  return {
    action: fields.action,
    kind: fields.kind,
    optionsJSON: JSON.stringify(fields.options),
    csrfToken: await csrfTokenFor(state),
    remember: fields.remember,
    next: fields.next,
    scripts: ceremonyScripts(state),
  };
}
