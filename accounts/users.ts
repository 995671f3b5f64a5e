import type { Data, Tx } from "../db/index.ts";

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
  /** Chosen with /language (a catalogue locale), or null to follow Telegram's language. */
  language?: string | null;
  /** Telegram's language_code when the user was last seen joining. */
  language_code?: string | null;
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

/** Locale ids a user may choose: `en`, `es`, `pt-BR`… (the catalogue checks membership). */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/**
 * Stores the language a person chose for Mouse's texts. A known user changes
 * their own row under RLS; someone not yet known (choosing before they join)
 * gets their user row first, on the service path.
 */
export async function setUserLanguage(
  data: Data,
  who: { userId?: string; telegram: TelegramIdentity },
  language: string,
): Promise<void> {
  if (!LANGUAGE_TAG.test(language)) throw new Error(`not a language tag: ${language}`);
  const userId =
    who.userId ??
    (
      await data.asService("accounts: a stranger chooses a language", async (tx) =>
        upsertTelegramUser(tx, who.telegram),
      )
    ).id;
  await data.asUser({ sub: userId }, (tx) =>
    tx.query("update public.users set language = $2 where id = $1", [userId, language]),
  );
}

/**
 * The language a user reads, as stored: their /language choice, else the
 * Telegram language they joined with; undefined when unknown. Callers map it
 * onto the catalogue with `localeFor`.
 */
export async function storedLanguage(
  data: Data,
  userId: string | null | undefined,
): Promise<string | undefined> {
  if (!userId) return undefined;
  const { rows } = await data.statementAsService<{ language: string | null }>(
    "accounts: a user's language for a message",
    "select coalesce(language, language_code) as language from public.users where id = $1",
    [userId],
  );
  return rows[0]?.language ?? undefined;
}
