/** Unified sign-in storage (migration 0010): us_methods rows, the user's phone and replay guard. */
import { DatastoreError } from '../errors.js';
import type { User } from '../types.js';
import type { UnifiedSigninProfile } from '../unified-signin-types.js';
import { atomically, type QueryContext } from './query-context.js';
import { toUser } from './row-mappers.js';
import { isUniqueViolation } from './sql-errors.js';

export async function findUnifiedSigninProfile(
  ctx: QueryContext,
  userId: number,
): Promise<UnifiedSigninProfile> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['us_phone_number', 'us_totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
  const rows = await ctx.db
    .selectFrom('us_methods')
    .select(['method', 'totp_secret'])
    .where('user_id', '=', userId)
    .orderBy('method')
    .execute();
  const methods: Record<string, string | null> = {};
  for (const row of rows) methods[row.method] = row.totp_secret;
  const step = user?.us_totp_last_step ?? null;
  return {
    methods: Object.freeze(methods),
    phone: user?.us_phone_number ?? null,
    totpLastStep: step === null ? null : Number(step),
  };
}

export async function findUserByUsPhone(ctx: QueryContext, phone: string): Promise<User | null> {
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('us_phone_number', '=', phone)
    .executeTakeFirst();
  return row === undefined ? null : toUser(row);
}

export async function setUsMethod(
  ctx: QueryContext,
  userId: number,
  method: string,
  values: { totpSecret: string | null; phone?: string | null; nowMs: number },
): Promise<void> {
  try {
    await atomically(ctx, async (tx) => {
      if (values.phone !== undefined) {
        await tx.db
          .updateTable('users')
          .set({ us_phone_number: values.phone })
          .where('id', '=', userId)
          .execute();
      }
      await tx.db
        .insertInto('us_methods')
        .values({ user_id: userId, method, totp_secret: values.totpSecret, created_at: values.nowMs })
        .onConflict((oc) => oc.columns(['user_id', 'method']).doUpdateSet({ totp_secret: values.totpSecret }))
        .execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DatastoreError('PHONE_EXISTS', 'This phone number belongs to another user', { cause: error });
    }
    throw error;
  }
}

export async function removeUsMethods(
  ctx: QueryContext,
  userId: number,
  methods: readonly string[],
  mustKeepOneOf: readonly string[] | null,
): Promise<boolean> {
  if (methods.length === 0) return true;
  return atomically(ctx, async (tx) => {
    // Writing the user's row first locks it (PostgreSQL), so a racing removal waits here and then
    // counts what this one left; SQLite transactions are already serialised.
    await tx.db
      .updateTable('users')
      .set((eb) => ({ us_phone_number: eb.ref('us_phone_number') }))
      .where('id', '=', userId)
      .execute();
    if (mustKeepOneOf !== null) {
      const rows = await tx.db
        .selectFrom('us_methods')
        .select('method')
        .where('user_id', '=', userId)
        .execute();
      const left = rows.filter((row) => !methods.includes(row.method) && mustKeepOneOf.includes(row.method));
      if (left.length === 0) return false;
    }
    await tx.db
      .deleteFrom('us_methods')
      .where('user_id', '=', userId)
      .where('method', 'in', methods)
      .execute();
    if (methods.includes('sms')) {
      await tx.db.updateTable('users').set({ us_phone_number: null }).where('id', '=', userId).execute();
    }
    return true;
  });
}

/** One conditional write, as two-factor's recordTOTPStep (docs/services.md, "Replay refusal"). */
export async function recordUsTOTPStep(ctx: QueryContext, userId: number, step: number): Promise<boolean> {
  const result = await ctx.db
    .updateTable('users')
    .set({ us_totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('us_totp_last_step', 'is', null), eb('us_totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
