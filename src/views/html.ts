/**
 * HTML built so that escaping cannot be forgotten: `html` escapes every interpolated value unless
 * it is already SafeHtml (another `html` fragment, or markup explicitly trusted with `raw`).
 */

/** Only this module can vouch for markup, so no object literal or cast can pass for SafeHtml. */
const TRUSTED: unique symbol = Symbol('barbican.safe-html');

/** Markup that is safe to insert as is. Create it with `html` or, for trusted markup, `raw`. */
export class SafeHtml {
  readonly #markup: string;

  constructor(key: typeof TRUSTED, markup: string) {
    if (key !== TRUSTED) throw new TypeError('SafeHtml is created with html`…` or raw()');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** What may go inside `${}`: text and numbers are escaped; null, undefined and false render nothing. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  // Strings, and anything an untyped caller slips in, are text.
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every value; attribute values must be quoted in the template.
 * @example html`<p class="user">${user.email}</p>` // "<script>" arrives as "&lt;script&gt;"
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) markup += render(values[i] ?? null) + (strings[i + 1] ?? '');
  return new SafeHtml(TRUSTED, markup);
}

/** Marks markup as trusted, unescaped. Only for markup Barbican or the app wrote, never for input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(TRUSTED, markup);
}

/** The page every default view shares; the flashes marker is filled in by src/http/flash.ts. */
export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=email],input[type=password]{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1.2rem}.fs-error-msg{color:#a00}.flashes{padding-left:1.2rem}
</style>
</head>
<body>
<!--barbican:flashes-->
${body}
</body>
</html>`.toString();
}

export function errorList(messages: readonly string[]): SafeHtml {
  if (messages.length === 0) return html``;
  return html`<ul class="flashes">${messages.map((m) => html`<li class="fs-error-msg">${m}</li>`)}</ul>`;
}

export function hiddenInput(name: string, value: string): SafeHtml {
  return html`<input type="hidden" id="${name}" name="${name}" value="${value}">`;
}
