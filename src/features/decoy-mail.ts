/**
 * Equal work for answers that must not tell addresses apart (generic responses, username
 * recovery). A request for an address that gets no mail still commits a transaction that writes
 * the mail it would have sent — to nobody, recorded as delivered at once. A committed write costs
 * what the real one costs (the commit, with its WAL sync, dominates); a rolled-back or skipped one
 * is measurably cheaper, which is how the unknown addresses gave themselves away.
 *
 * The worker only claims undelivered rows, so a decoy is never sent; housekeeping purges it with
 * the other delivered mail after sentMailRetention. Its address is left empty, so a typed unknown
 * address is not kept.
 */
import type { SecurityCore } from '../core.js';
import type { MailOutbox } from '../datastore/types.js';
import type { MailContent } from '../mail/mail-layout.js';
import { sealMailBodies } from '../mail/mail-sealing.js';

/** The outbox kind of a decoy row, for the dev outbox page and tests. */
export const DECOY_MAIL_KIND = 'decoy';

/**
 * Queues `content` to nobody and marks it delivered, in the caller's transaction. Sealed like a
 * real mail (queueMail), so the CPU work matches too; marking it delivered blanks the bodies.
 */
export async function queueDecoyMail(
  core: SecurityCore,
  outbox: MailOutbox,
  content: MailContent,
): Promise<void> {
  const now = core.clock.nowMs();
  const message = { ...content, to: '', kind: DECOY_MAIL_KIND };
  const sealed = sealMailBodies(core.keys['mail-body'], message);
  const id = await outbox.enqueueMail({ ...message, ...sealed }, now);
  await outbox.markMailSent(id, now);
}
