import { Composer } from "grammy";
import type { MouseContext } from "../context.ts";

/** The English answer to an unknown command (tests match it); users read `unknown-command`. */
export const UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do.";

/**
 * Installed last: unknown commands (admin commands for non-admins included,
 * so they cannot tell the difference), group chats and stray buttons.
 */
export function createFallbackFeature() {
  const composer = new Composer<MouseContext>();
  const groups = composer.chatType(["group", "supergroup"]);
  // In groups we speak only when addressed, and only to point to the private chat.
  groups.on(["message:entities:bot_command", "message:entities:mention"], async (ctx) => {
    const botUsername = ctx.me.username;
    const text = ctx.message.text ?? "";
    if (
      text.includes(`@${botUsername}`) ||
      ctx.message.entities?.some((e) => e.type === "bot_command")
    ) {
      await ctx.reply(ctx.t("chat-private-only", { bot: botUsername }));
    }
  });
  composer
    .chatType("private")
    .on("message:entities:bot_command", (ctx) => ctx.reply(ctx.t("unknown-command")));
  composer.on("callback_query:data", (ctx) =>
    ctx.answerCallbackQuery({ text: ctx.t("button-expired") }),
  );
  return composer;
}
