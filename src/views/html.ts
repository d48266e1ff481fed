/** Minimal HTML building with escaping by default: every interpolated value goes through escapeHtml. */

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
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
</html>`;
}

export function errorList(messages: readonly string[]): string {
  if (messages.length === 0) return '';
  return `<ul class="flashes">${messages.map((m) => `<li class="fs-error-msg">${escapeHtml(m)}</li>`).join('')}</ul>`;
}

export function hiddenInput(name: string, value: string): string {
  return `<input type="hidden" id="${escapeHtml(name)}" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}
