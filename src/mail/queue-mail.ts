/**
 * Features queue mail through this: a row in the outbox, inside the caller's transaction. The
 * caller kicks `core.mailWorker` once that transaction has committed (a kick from inside it could
 * run before the row is visible, leaving the mail to the next poll). Bodies are stored sealed
 * (mail-sealing.ts): the row never holds a live link in plain text.
 */
import type { SecurityCore } from '../core.js';
import type { MailOutbox } from '../datastore/types.js';
import type { MailContent } from './mail-layout.js';
import { sealMailBodies } from './mail-sealing.js';

export async function queueMail(
  core: SecurityCore,
  outbox: MailOutbox,
  message: MailContent & { readonly to: string; readonly kind: string },
): Promise<void> {
  const sealed = sealMailBodies(core.keys['mail-body'], message);
  await outbox.enqueueMail({ ...message, ...sealed }, core.clock.nowMs());
}
