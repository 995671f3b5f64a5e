import type { ChatState } from "../chat-store.ts";
import { BotApiError, badRequest } from "../errors.ts";
import type { MethodContext } from "./context.ts";

/**
 * The chat named by a chat_id parameter (id or @username), with Telegram's
 * answers for empty, unknown, blocked and left chats.
 */
export function resolveChat(
  { bot, params }: MethodContext,
  { name = "chat_id", forSending = false }: { name?: string; forSending?: boolean } = {},
): ChatState {
  const raw = params.string(name).trim();
  if (raw === "") throw badRequest(`${name} is empty`);
  const state = raw.startsWith("@")
    ? bot.chats.byUsername(raw.slice(1))
    : /^-?\d+$/.test(raw)
      ? bot.chats.get(Number(raw))
      : undefined;
  if (!state) throw badRequest("chat not found");
  if (forSending) assertCanWrite(state, bot.account.id);
  return state;
}

function assertCanWrite(state: ChatState, botId: number): void {
  const { chat } = state;
  if (chat.type === "private") {
    if (state.blocked) throw new BotApiError(403, "Forbidden: bot was blocked by the user");
    return;
  }
  const status = state.members.get(botId);
  if (status === "kicked") {
    throw new BotApiError(403, `Forbidden: bot was kicked from the ${chat.type} chat`);
  }
  if (status === undefined || status === "left") {
    throw new BotApiError(403, `Forbidden: bot is not a member of the ${chat.type} chat`);
  }
  if (chat.type === "channel" && status !== "administrator" && status !== "creator") {
    throw badRequest("need administrator rights in the channel chat");
  }
}

/** A message_id parameter that must name a live message in the chat. */
export function requireMessage(context: MethodContext, state: ChatState, notFound: string) {
  const id = context.params.int("message_id");
  const stored = id === undefined ? undefined : context.bot.chats.find(state.chat.id, id);
  if (!stored) throw badRequest(notFound);
  return stored;
}
