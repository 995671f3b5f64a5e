/**
 * Signing in from a Telegram Mini App: Telegram hands the page `initData`,
 * signed with the bot's token (HMAC-SHA256 keyed by "WebAppData"). Valid,
 * fresh data (Telegram's `auth_date` within `maxAgeSeconds`, one hour by
 * default: initData can be replayed) names one Telegram user, who is one
 * Mouse user (`users.telegram_user_id`). Forged, stale or another bot's
 * data signs nobody in. Validation is `@tma.js/init-data-node`'s.
 */
import { ExpiredError, parse, validate } from "@tma.js/init-data-node";
import type { Data } from "../db/index.ts";

/** Why initData was refused. */
export class InitDataRefusedError extends Error {
  override name = "InitDataRefusedError";
  readonly reason: "invalid" | "expired" | "unknown_user";
  constructor(reason: InitDataRefusedError["reason"], message: string, cause?: unknown) {
    super(message, { cause });
    this.reason = reason;
  }
}

/** The Mouse user `initData` signs in, or an `InitDataRefusedError`. */
export async function userFromInitData(
  data: Data,
  initData: string,
  { botToken, maxAgeSeconds = 3_600 }: { botToken: string; maxAgeSeconds?: number },
): Promise<{ userId: string; telegramUserId: number }> {
  try {
    validate(initData, botToken, { expiresIn: maxAgeSeconds });
  } catch (error) {
    if (error instanceof ExpiredError)
      throw new InitDataRefusedError(
        "expired",
        "This Mini App link has expired: open it again from the chat",
        error,
      );
    throw new InitDataRefusedError("invalid", "Telegram's sign-in data did not check out", error);
  }
  const telegramUserId = parse(initData).user?.id;
  if (!telegramUserId) throw new InitDataRefusedError("invalid", "Telegram sent no user");
  const { rows } = await data.asService("auth: mini app sign-in", (tx) =>
    tx.query<{ id: string }>("select id from public.users where telegram_user_id = $1", [
      telegramUserId,
    ]),
  );
  if (!rows[0])
    throw new InitDataRefusedError(
      "unknown_user",
      "This Telegram account is not linked to Mouse yet: start the bot first",
    );
  return { userId: rows[0].id, telegramUserId };
}
