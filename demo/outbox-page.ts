/**
 * The demo's dev outbox: the newest mail, so links can be followed without an SMTP server. Served
 * only to loopback clients (loopback.ts), and only when the demo listens on loopback.
 */
import type { Security } from '../src/security.js';
import { escapeHtml, html, layout, raw } from '../src/views/html.js';
import type { DevMailbox } from './dev-mailbox.js';

export async function renderOutbox(security: Security, mailbox: DevMailbox): Promise<string> {
  const mails = await mailbox.entries(security, 50);
  const items = mails.map((m) => {
    const status = m.sentAt ? 'delivered' : m.lastError ? `retrying (${m.lastError})` : 'queued';
    // Links in the text part become clickable; everything else stays escaped text (escaped
    // first, then only the URL matches, which contain no markup characters, are wrapped).
    const body = escapeHtml(m.text).replace(/https?:\/\/[^\s<>&"]+/g, (url) => `<a href="${url}">${url}</a>`);
    return html`<article><h2>${m.subject}</h2><p>To ${m.to} · ${new Date(m.createdAt).toISOString()} · ${status}</p><pre>${raw(body)}</pre></article>\n`;
  });
  const texts = mailbox
    .texts()
    .map(
      (t) =>
        html`<article><h2>SMS to ${t.to}</h2><p>${new Date(t.sentAtMs).toISOString()}</p><pre>${t.text}</pre></article>\n`,
    );
  return layout(
    'Dev outbox',
    html`<h1>Dev outbox</h1>\n<p>Mail is printed, not sent (no SMTP_URL).</p>\n${items.length > 0 ? items : html`<p>No mail yet.</p>`}<h1>Text messages</h1>\n<p>SMS is printed, not sent.</p>\n${texts.length > 0 ? texts : html`<p>No text messages yet.</p>`}`,
  );
}
