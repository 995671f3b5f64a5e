import type { Message, MessageEntity } from "grammy/types";

/** A replied-to message: Telegram does not nest replies further. */
type ReplyMessage = NonNullable<Message["reply_to_message"]>;

import type { ChatState } from "../chat-store.ts";
import { BotApiError, badRequest } from "../errors.ts";
import {
  type FormattedText,
  formatCaption,
  formatMessageText,
  TextFormatError,
} from "../formatting/index.ts";
import type { CheckedMarkup } from "../reply-markup.ts";
import { botSender, type MethodContext } from "./context.ts";

/** Fields of a new bot message besides the envelope (id, date, chat, sender). */
export type MessageContent = Partial<Omit<Message, "message_id" | "date" | "chat">>;

/**
 * Appends a message from the bot after the last checks Telegram makes before
 * sending: the replied-to message exists, and the flood limits allow it.
 */
export function postBotMessage(
  context: MethodContext,
  state: ChatState,
  content: MessageContent,
  markup: CheckedMarkup,
): Message {
  const replyTo = repliedMessage(context, state);
  context.chargeSend(state.chat);
  if (markup.keyboard) state.keyboard = markup.keyboard;
  const sender =
    state.chat.type === "channel" ? { sender_chat: state.chat } : { from: botSender(context.bot) };
  return context.bot.chats.append(state.chat.id, true, (message_id) => ({
    message_id,
    ...sender,
    date: context.core.unixTime(),
    chat: state.chat,
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...content,
    ...(markup.inline ? { reply_markup: markup.inline } : {}),
    ...(context.params.bool("protect_content") ? { has_protected_content: true } : {}),
  }));
}

function repliedMessage(context: MethodContext, state: ChatState) {
  const parameters = context.params.json("reply_parameters", "reply parameters") as
    | { message_id?: unknown; allow_sending_without_reply?: unknown }
    | undefined;
  const messageId = Number(
    parameters?.message_id ?? context.params.int("reply_to_message_id") ?? 0,
  );
  if (!messageId) return undefined;
  const allowWithout =
    parameters?.allow_sending_without_reply === true ||
    context.params.bool("allow_sending_without_reply");
  const stored = context.bot.chats.find(state.chat.id, messageId);
  if (!stored) {
    if (allowWithout) return undefined;
    throw badRequest("message to be replied not found");
  }
  const { reply_to_message: _nested, ...replied } = stored.message;
  return replied as ReplyMessage;
}

/** The text parameters of sendMessage/editMessageText, checked and parsed. */
export function readMessageText(context: MethodContext): FormattedText {
  return asApiError(() =>
    formatMessageText(
      {
        text: context.params.optionalString("text"),
        parseMode: context.params.optionalString("parse_mode"),
        entities: context.params.json("entities", "entities"),
      },
      parseContext(context),
    ),
  );
}

/** The caption parameters of media methods, checked and parsed. */
export function readCaption(context: MethodContext): FormattedText | undefined {
  return asApiError(() =>
    formatCaption(
      {
        text: context.params.optionalString("caption"),
        parseMode: context.params.optionalString("parse_mode"),
        entities: context.params.json("caption_entities", "caption entities"),
      },
      parseContext(context),
    ),
  );
}

/** Message fields for a text. */
export function textContent({ text, entities }: FormattedText): MessageContent {
  return entities.length > 0 ? { text, entities } : { text };
}

/** Message fields for a caption. */
export function captionContent(caption: FormattedText | undefined): MessageContent {
  if (!caption) return {};
  return caption.entities.length > 0
    ? { caption: caption.text, caption_entities: caption.entities }
    : { caption: caption.text };
}

/** Whether two entity lists are the same (for "message is not modified"). */
export function sameEntities(
  a: MessageEntity[] | undefined,
  b: MessageEntity[] | undefined,
): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function parseContext(context: MethodContext) {
  return { resolveUser: (id: number) => context.core.users.get(id) };
}

function asApiError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TextFormatError) throw new BotApiError(400, error.description);
    throw error;
  }
}
