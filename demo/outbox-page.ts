/** The demo's dev outbox: the newest queued mail, so links can be followed without an SMTP server. */
import type { Security } from '../src/security.js';
import { escapeHtml, layout } from '../src/views/html.js';

export async function renderOutbox(security: Security): Promise<string> {
  const mails = await security.datastore.listMail(50);
  const items = mails
    .map((m) => {
      const status = m.sentAt
        ? 'delivered'
        : m.lastError
          ? `retrying (${escapeHtml(m.lastError)})`
          : 'queued';
      // Links in the text part become clickable; everything else stays escaped text.
      const body = escapeHtml(m.text).replace(
        /https?:\/\/[^\s<>&"]+/g,
        (url) => `<a href="${url}">${url}</a>`,
      );
      return `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to)} · ${escapeHtml(new Date(m.createdAt).toISOString())} · ${status}</p><pre>${body}</pre></article>`;
    })
    .join('\n');
  return layout(
    'Dev outbox',
    `<h1>Dev outbox</h1>\n<p>Mail is printed, not sent (no SMTP_URL).</p>\n${items || '<p>No mail yet.</p>'}`,
  );
}
