/** Input parsing of /wan-register, /wan-register/<state> and /wan-delete (field errors, no I/O). */

import { webauthnNamePattern } from '../../config/options/webauthn.js';
import type { SecurityConfig } from '../../config/options.js';
import type { WebAuthnUsage } from '../../datastore/webauthn-types.js';
import { type BodyFields, stringField } from '../../http/body.js';
import type { FieldError } from '../../http/responder.js';
import { formatMessage, MESSAGES } from '../../messages.js';

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: FieldError };

/** A key's name: required, at most wanNameMaxLength characters, of wanNameAllowedChars. */
export function parseCredentialName(
  config: Pick<SecurityConfig, 'wanNameMaxLength' | 'wanNameAllowedChars'>,
  body: BodyFields,
): Parsed<string> {
  const name = stringField(body, 'name')?.trim() ?? '';
  if (name === '') return { ok: false, error: { field: 'name', message: MESSAGES.WEBAUTHN_NAME_REQUIRED } };
  // Counted in code points, as a user counts characters.
  if ([...name].length > config.wanNameMaxLength) {
    const message = formatMessage('WEBAUTHN_NAME_TOO_LONG', { max: config.wanNameMaxLength });
    return { ok: false, error: { field: 'name', message } };
  }
  if (!webauthnNamePattern(config.wanNameAllowedChars).test(name)) {
    return { ok: false, error: { field: 'name', message: MESSAGES.WEBAUTHN_NAME_INVALID } };
  }
  return { ok: true, value: name };
}

/** Upstream's radio field: 'secondary' by default, and always while wanAllowAsFirstFactor is off. */
export function parseUsage(
  config: Pick<SecurityConfig, 'wanAllowAsFirstFactor'>,
  body: BodyFields,
): Parsed<WebAuthnUsage> {
  const usage = stringField(body, 'usage') ?? 'secondary';
  if (usage !== 'first' && usage !== 'secondary') {
    return { ok: false, error: { field: 'usage', message: MESSAGES.TWO_FACTOR_RESCUE_CHOICE_INVALID } };
  }
  return { ok: true, value: config.wanAllowAsFirstFactor ? usage : 'secondary' };
}

/** The browser's answer: a JSON string, as upstream's hidden field carries it. */
export function parseCredentialField(body: BodyFields): Parsed<string> {
  const credential = stringField(body, 'credential') ?? '';
  if (credential === '') return { ok: false, error: { field: 'credential', message: MESSAGES.API_ERROR } };
  return { ok: true, value: credential };
}
