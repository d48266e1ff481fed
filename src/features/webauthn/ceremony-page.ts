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

/** The scripts of a ceremony page; the nonce comes with scriptNonceKey (not wired yet: null). */
export function ceremonyScripts(state: RequestState): WebAuthnScripts {
  return { ...webauthnAssetUrls(state.core.config), nonce: null };
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
