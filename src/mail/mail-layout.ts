/** The shared shape of Barbican's mails: every message has a text and an HTML part. */
import { escapeHtml } from '../views/html.js';

export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Builds both parts from paragraphs and an optional call-to-action link. */
export function simpleMail(
  subject: string,
  paragraphs: readonly string[],
  link?: { label: string; url: string },
): MailContent {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : [])].join('\n\n');
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const action = link ? `\n<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : '';
  const html = `<!doctype html><html><body>\n${body}${action}\n</body></html>`;
  return { subject, text, html };
}
