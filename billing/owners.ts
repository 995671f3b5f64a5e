import type { Tx } from "../db/index.ts";
import { type Locale, localeFor } from "../i18n/index.ts";

/** The owners' chats with the language each reads (their /language choice, else their Telegram one). */
export async function ownerReaders(
  tx: Tx,
  customerId: string,
): Promise<{ chatId: number; locale: Locale }[]> {
  const { rows } = await tx.query<{ chat: string; language: string | null }>(
    `select u.telegram_user_id::text as chat, coalesce(u.language, u.language_code) as language
       from public.memberships m join public.users u on u.id = m.user_id
      where m.customer_id = $1 and m.role = 'owner' and u.telegram_user_id is not null
      order by m.created_at`,
    [customerId],
  );
  return rows.map((row) => ({ chatId: Number(row.chat), locale: localeFor(row.language) }));
}
