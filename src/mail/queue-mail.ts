/** Features queue mail through this: a row in the outbox, inside the caller's transaction. */
import type { SecurityCore } from '../core.js';
import type { MailOutbox } from '../datastore/types.js';
import type { MailContent } from './mail-layout.js';

export async function queueMail(
  core: SecurityCore,
  outbox: MailOutbox,
  message: MailContent & { readonly to: string; readonly kind: string },
): Promise<void> {
  await outbox.enqueueMail(message, core.clock.nowMs());
  // Delivery starts after the current turn, i.e. after the caller's transaction commits.
  core.mailWorker.kick();
}
