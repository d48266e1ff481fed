/** Recovery codes (migration 0008): a user's unused codes, as keyed MACs. */
import { atomically, type QueryContext } from './query-context.js';

/** The new set replaces the old one in one transaction: no moment with both, none with neither. */
export async function replaceRecoveryCodes(
  ctx: QueryContext,
  userId: number,
  codeMACs: readonly string[],
  nowMs: number,
): Promise<void> {
  await atomically(ctx, async (tx) => {
    await tx.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    if (codeMACs.length === 0) return;
    await tx.db
      .insertInto('recovery_codes')
      .values(codeMACs.map((mac) => ({ user_id: userId, code_mac: mac, created_at: nowMs })))
      .execute();
  });
}

export async function countRecoveryCodes(ctx: QueryContext, userId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Deletes the code if it is the user's: true only for the one request that used it. */
export async function consumeRecoveryCode(
  ctx: QueryContext,
  userId: number,
  codeMAC: string,
): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('recovery_codes')
    .where('user_id', '=', userId)
    .where('code_mac', '=', codeMAC)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
