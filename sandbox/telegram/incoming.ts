import type { Message, MessageEntity, User } from "grammy/types";
import type { ChatState } from "./chat-store.ts";
import type { BotState, SandboxCore } from "./core.ts";
import { detectEntities } from "./formatting/index.ts";
import type { MessageContent } from "./methods/outgoing.ts";
import type { NewUpdate } from "./update-queue.ts";

/** Message fields for a text typed by a person, with the entities Telegram detects. */
export function typedText(text: string, entities?: MessageEntity[]): MessageContent {
  const found = entities ?? detectEntities(text);
  return found.length > 0 ? { text, entities: found } : { text };
}

/**
 * Adds a message a person (or a channel) sent and queues the update the bot
 * receives for it: `message`, or `channel_post` in channels.
 */
export function receiveMessage(
  core: SandboxCore,
  bot: BotState,
  state: ChatState,
  sender: User | undefined,
  content: MessageContent,
  replyTo?: number,
): Message {
  const replied = replyTo === undefined ? undefined : bot.chats.find(state.chat.id, replyTo);
  const isChannel = state.chat.type === "channel";
  const message = bot.chats.append(state.chat.id, false, (message_id) => ({
    message_id,
    ...(isChannel ? { sender_chat: state.chat } : sender ? { from: sender } : {}),
    date: core.unixTime(),
    chat: state.chat,
    ...(replied ? { reply_to_message: withoutReply(replied.message) } : {}),
    ...content,
  }));
  if (isChannel || seesGroupMessage(bot, state, message)) {
    bot.updates.push((isChannel ? { channel_post: message } : { message }) as NewUpdate);
  }
  return message;
}

/**
 * Privacy mode: a bot that is not an admin and may not read all group
 * messages only gets commands, replies to it and mentions of it.
 */
function seesGroupMessage(bot: BotState, state: ChatState, message: Message): boolean {
  if (state.chat.type === "private") return true;
  const status = state.members.get(bot.account.id);
  if (status === "administrator" || status === "creator" || bot.user.can_read_all_group_messages)
    return true;
  if (message.reply_to_message?.from?.id === bot.account.id) return true;
  const text = message.text ?? message.caption ?? "";
  const username = bot.account.username.toLowerCase();
  return (message.entities ?? message.caption_entities ?? []).some((entity) => {
    const value = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
    if (entity.type === "mention") return value === `@${username}`;
    if (entity.type !== "bot_command") return false;
    const target = value.split("@")[1];
    return target === undefined || target === username;
  });
}

function withoutReply(message: Message) {
  const { reply_to_message: _nested, ...rest } = message;
  return rest as NonNullable<Message["reply_to_message"]>;
}
