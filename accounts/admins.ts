import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";

/**
 * Makes the users named by ADMIN_TELEGRAM_IDS platform admins in the
 * database (creating their user rows if needed), so RLS grants them what the
 * bot lets them do. Audited once per promotion.
 */
export async function ensureAdmins(data: Data, telegramIds: number[]): Promise<void> {
  if (telegramIds.length === 0) return;
  await data.asService("accounts: ensure platform admins", async (tx) => {
    for (const id of telegramIds) {
      const { rows } = await tx.query<{ id: string; promoted: boolean }>(
        `insert into public.users (telegram_user_id, display_name, is_platform_admin)
         values ($1, $2, true)
         on conflict (telegram_user_id) do update set is_platform_admin = true
         returning id, (xmax <> 0) as promoted`,
        [id, `admin ${id}`],
      );
      const row = rows[0]!;
      await audit(tx, {
        action: "admin.ensured",
        targetType: "user",
        targetId: row.id,
        detail: { telegramUserId: id, source: "ADMIN_TELEGRAM_IDS" },
      });
    }
  });
}
