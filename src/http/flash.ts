/**
 * Flash messages for the HTML flow: a redirect carries messages in a short-lived signed cookie,
 * and the next page Barbican renders shows them once (where the layout has its marker).
 */
import type { RequestState } from '../context.js';
import { sign, unsign } from '../crypto/signer.js';
import { html } from '../views/html.js';
import { deleteCookie, parseCookies, serializeCookie } from './cookies.js';

const COOKIE = 'barbican_flash';
export const FLASH_MARKER = '<!--barbican:flashes-->';

export function setFlash(state: RequestState, messages: readonly string[]): void {
  if (messages.length === 0) return;
  const value = sign(
    state.core.keys['session-cookie'],
    `f:${Buffer.from(JSON.stringify(messages)).toString('base64url')}`,
  );
  state.setCookies.push(
    serializeCookie(COOKIE, value, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: state.core.config.sessionCookieSecure,
      maxAgeInSeconds: 300,
    }),
  );
}

/** Reads and clears pending flash messages. */
export function takeFlash(state: RequestState): string[] {
  const raw = parseCookies(state.header('cookie')).get(COOKIE);
  if (!raw) return [];
  state.setCookies.push(deleteCookie(COOKIE, { httpOnly: true, sameSite: 'Lax' }));
  const payload = unsign(state.core.keys['session-cookie'], raw);
  if (!payload?.startsWith('f:')) return [];
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.slice(2), 'base64url').toString('utf8'));
    return Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}

/**
 * Puts the rendered flashes where the page has its marker. A replacer function, not a replacement
 * string: flashes carry user text (an address like a$`b@example.com), and String.replace would
 * read `$\``, `$&` or `$'` in a replacement string as "copy part of the page here".
 */
export function insertFlashes(page: string, messages: readonly string[]): string {
  const rendered = renderFlashes(messages);
  return page.replace(FLASH_MARKER, () => rendered);
}

export function renderFlashes(messages: readonly string[]): string {
  if (messages.length === 0) return '';
  return html`<ul class="flashes">${messages.map((m) => html`<li class="fs-flash-msg">${m}</li>`)}</ul>`.toString();
}
