import type { Tx } from "../db/index.ts";

/**
 * Telegram chats to tell about a customer's money: its owners' private
 * chats (a Telegram user's private chat id is their user id).
 */
export async function ownerChatIds(tx: Tx, customerId: string): Promise<number[]> {
  const { rows } = await tx.query<{ chat: string }>(
    `select u.telegram_user_id::text as chat
       from public.memberships m join public.users u on u.id = m.user_id
      where m.customer_id = $1 and m.role = 'owner' and u.telegram_user_id is not null
      order by m.created_at`,
    [customerId],
  );
  return rows.map((row) => Number(row.chat));
}
