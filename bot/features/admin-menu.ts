/**
 * An admin's command menu arrives with their first /start or /help: Telegram
 * refuses a chat-scoped menu for a chat that does not exist yet, so the one
 * set at start-up (registerCommands) misses admins who had never written to
 * the bot, such as the demo's seeded admin. Set once per chat per process.
 */
import { Composer } from "grammy";
import { localeFor } from "../../i18n/index.ts";
import { adminMenu } from "../commands.ts";
import type { MouseContext } from "../context.ts";

/** Sets an admin's chat-scoped command menu on their first /start or /help. */
export function createAdminMenuFeature() {
  const done = new Set<number>();
  const composer = new Composer<MouseContext>();
  composer.command(["start", "help"], async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (ctx.mouse.isAdmin && chatId !== undefined && !done.has(chatId)) {
      await ctx.api
        .setMyCommands(adminMenu(localeFor(await ctx.i18n.getLocale())), {
          scope: { type: "chat", chat_id: chatId },
        })
        .then(() => done.add(chatId))
        .catch((err) => ctx.log.warn({ err }, "could not set an admin's command menu"));
    }
    await next();
  });
  return composer;
}
