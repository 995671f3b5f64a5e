import type { Tx } from "../db/index.ts";

/** What Telegram tells us about a person (grammY's `ctx.from`). */
export type TelegramIdentity = {
  id: number;
  username?: string;
  first_name?: string;
  last_name?: string;
  language_code?: string;
};

export type UserRow = {
  id: string;
  telegram_user_id: string | null;
  display_name: string | null;
  is_platform_admin: boolean;
};

export type MembershipRow = {
  customer_id: string;
  customer_name: string;
  customer_status: "active" | "suspended";
  plan: string;
  role: "owner" | "admin" | "member" | "viewer";
};

function displayName(from: TelegramIdentity): string {
  return (
    [from.first_name, from.last_name].filter(Boolean).join(" ").slice(0, 200) || `user ${from.id}`
  );
}

/** Creates or refreshes the user row for a Telegram account, inside the caller's service transaction. */
export async function upsertTelegramUser(tx: Tx, from: TelegramIdentity): Promise<UserRow> {
  const { rows } = await tx.query<UserRow>(
    `insert into public.users (telegram_user_id, telegram_username, display_name, language_code)
     values ($1, $2, $3, $4)
     on conflict (telegram_user_id) do update
       set telegram_username = excluded.telegram_username, language_code = excluded.language_code
     returning id, telegram_user_id::text, display_name, is_platform_admin`,
    [from.id, from.username ?? null, displayName(from), from.language_code ?? null],
  );
  return rows[0]!;
}
