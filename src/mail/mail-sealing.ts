/**
 * Queued mail bodies are sealed (AES-256-GCM, NIST SP 800-38D) under the 'mail-body' key derived
 * from secretKey, so the outbox table — in a backup, a replica, a support dump — never holds a live
 * confirm or reset link: link tokens are hashed at rest, and their mail must not undo that. The
 * worker opens a body just before sending it; delivery then blanks it (markMailSent).
 *
 * The recipient and kind are bound in as associated data: a row whose address was changed in the
 * database does not open, so a database write cannot redirect someone's reset link.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a sealed body; rows queued before sealing existed are plain text and pass through. */
const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed body that does not open: secretKey changed since it was queued, or the row was edited. */
export class MailSealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailSealError';
  }
}

export interface SealedMailParts {
  readonly to: string;
  readonly kind: string;
  readonly text: string;
  readonly html: string;
}

function associatedData(to: string, kind: string, part: 'text' | 'html'): Buffer {
  return Buffer.from(JSON.stringify([to, kind, part]), 'utf8');
}

function seal(key: Buffer, plain: string, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

function open(key: Buffer, stored: string, aad: Buffer): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new MailSealError('sealed mail body is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new MailSealError('sealed mail body does not open: secretKey changed, or the row was edited');
  }
}

/**
 * Seals the text and HTML bodies of a message about to be queued.
 *
 * @example
 * const stored = sealMailBodies(core.keys['mail-body'], { to, kind, text, html });
 * await outbox.enqueueMail({ ...message, ...stored }, now);
 */
export function sealMailBodies(key: Buffer, parts: SealedMailParts): { text: string; html: string } {
  return {
    text: seal(key, parts.text, associatedData(parts.to, parts.kind, 'text')),
    html: seal(key, parts.html, associatedData(parts.to, parts.kind, 'html')),
  };
}

/** Opens what sealMailBodies stored; throws MailSealError when it cannot. Plain bodies pass through. */
export function openMailBodies(key: Buffer, parts: SealedMailParts): { text: string; html: string } {
  return {
    text: open(key, parts.text, associatedData(parts.to, parts.kind, 'text')),
    html: open(key, parts.html, associatedData(parts.to, parts.kind, 'html')),
  };
}
