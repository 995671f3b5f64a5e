import type { Chat, User } from "grammy/types";
import type { BotState, SandboxCore } from "../core.ts";
import { tooManyRequests } from "../errors.ts";
import type { Params } from "../params.ts";

/** What a method handler gets for one call. */
export type MethodContext = {
  core: SandboxCore;
  bot: BotState;
  params: Params;
  /** Aborted when the client goes away (long polls stop waiting). */
  signal: AbortSignal | undefined;
  /** Charges one send against the flood limits or throws Telegram's 429. */
  chargeSend(chat: Chat): void;
  /** The "description" of a successful answer (setWebhook's "Webhook was set"). */
  description?: string;
  /** The chat a counted send went to, for the call counters. */
  sentTo?: number;
  /** Calls another method as this bot (what a webhook answer does). */
  callAsBot(method: string, params: Record<string, unknown>): void;
};

/** One Bot API method; returns the `result`, throws BotApiError to fail. */
export type MethodHandler = (context: MethodContext) => unknown;

/** Builds a context, with flood charging bound to the bot. */
export function createMethodContext(
  input: Omit<MethodContext, "chargeSend" | "description" | "sentTo">,
): MethodContext {
  const context: MethodContext = {
    ...input,
    chargeSend(chat) {
      const retryAfter = input.core.limiter.take({
        botId: input.bot.account.id,
        chatId: chat.id,
        chatType: chat.type,
      });
      if (retryAfter > 0) throw tooManyRequests(retryAfter);
      context.sentTo = chat.id;
    },
  };
  return context;
}

/** The bot as it appears in `from` of its messages. */
export function botSender(bot: BotState): User {
  const { id, first_name, username } = bot.user;
  return { id, is_bot: true, first_name, username };
}
