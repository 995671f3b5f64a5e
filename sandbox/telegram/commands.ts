import type { BotCommand } from "grammy/types";
import type { BotState } from "./core.ts";

/** A BotCommandScope reduced to what keys a command list. */
export type CommandScope = { type: string; chatId?: number; userId?: number };

/** The storage key of a command list: scope plus language. */
export function commandKey(scope: CommandScope, languageCode: string): string {
  return `${scope.type}:${scope.chatId ?? ""}:${scope.userId ?? ""}|${languageCode}`;
}

/**
 * The command menu a user sees in a chat, resolved the way Telegram does: the
 * narrowest scope that has commands wins, a language-specific list before the
 * language-neutral one.
 */
export function effectiveCommands(
  bot: BotState,
  { chatId, userId, languageCode = "" }: { chatId: number; userId?: number; languageCode?: string },
): BotCommand[] {
  const state = bot.chats.get(chatId);
  const isPrivate = state ? state.chat.type === "private" : chatId > 0;
  const status = userId === undefined ? undefined : state?.members.get(userId);
  const isAdmin = status === "administrator" || status === "creator";
  const scopes: CommandScope[] = isPrivate
    ? [{ type: "chat", chatId }, { type: "all_private_chats" }]
    : [
        ...(userId === undefined ? [] : [{ type: "chat_member", chatId, userId }]),
        ...(isAdmin ? [{ type: "chat_administrators", chatId }] : []),
        { type: "chat", chatId },
        ...(isAdmin ? [{ type: "all_chat_administrators" }] : []),
        { type: "all_group_chats" },
      ];
  scopes.push({ type: "default" });
  for (const scope of scopes) {
    for (const language of languageCode ? [languageCode, ""] : [""]) {
      const commands = bot.commands.get(commandKey(scope, language));
      if (commands && commands.length > 0) return commands;
    }
  }
  return [];
}
