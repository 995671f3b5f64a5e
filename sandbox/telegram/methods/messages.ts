import type { Message } from "grammy/types";
import { badRequest } from "../errors.ts";
import { readReplyMarkup } from "../reply-markup.ts";
import { requireMessage, resolveChat } from "./chat-access.ts";
import type { MethodContext, MethodHandler } from "./context.ts";
import {
  captionContent,
  postBotMessage,
  readCaption,
  readMessageText,
  sameEntities,
  textContent,
} from "./outgoing.ts";

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
const DELETE_WINDOW_SECONDS = 48 * 60 * 60;

/** sendMessage: text rules, keyboards, replies and flood limits. */
export const sendMessage: MethodHandler = (context) => {
  const chat = resolveChat(context, { forSending: true });
  const text = readMessageText(context);
  const markup = readReplyMarkup(context.params);
  const preview = context.params.json("link_preview_options", "link preview options");
  if (preview !== undefined && (typeof preview !== "object" || preview === null)) {
    throw badRequest("object expected as link preview options");
  }
  return postBotMessage(
    context,
    chat,
    { ...textContent(text), ...(preview ? { link_preview_options: preview } : {}) },
    markup,
  );
};

/** The bot's own message named by chat_id + message_id, ready to be edited. */
function editableMessage(context: MethodContext) {
  if (
    context.params.optionalString("inline_message_id") &&
    !context.params.optionalString("chat_id")
  ) {
    throw badRequest("MESSAGE_ID_INVALID");
  }
  const chat = resolveChat(context, { forSending: true });
  const stored = requireMessage(context, chat, "message to edit not found");
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return { chat, current: stored.message };
}

function commitEdit(context: MethodContext, chatId: number, next: Message): Message {
  context.bot.chats.edit(chatId, next, true);
  return next;
}

/** Replaces or drops reply_markup: an edit without one removes the inline keyboard. */
function withMarkup(message: Message, inline: Message["reply_markup"]): Message {
  const { reply_markup: _old, ...rest } = message;
  return (inline ? { ...rest, reply_markup: inline } : rest) as Message;
}

/** editMessageText: the bot's own text messages; counts against flood limits. */
export const editMessageText: MethodHandler = (context) => {
  const { chat, current } = editableMessage(context);
  if (current.text === undefined) throw badRequest("there is no text in the message to edit");
  const text = readMessageText(context);
  const { inline } = readReplyMarkup(context.params);
  if (
    current.text === text.text &&
    sameEntities(current.entities, text.entities) &&
    JSON.stringify(current.reply_markup) === JSON.stringify(inline)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  context.chargeSend(chat.chat);
  const { text: _text, entities: _entities, ...rest } = current;
  const next = withMarkup(
    { ...rest, ...textContent(text), edit_date: context.core.unixTime() } as Message,
    inline,
  );
  return commitEdit(context, chat.chat.id, next);
};

/** editMessageCaption: the bot's own media messages. */
export const editMessageCaption: MethodHandler = (context) => {
  const { chat, current } = editableMessage(context);
  if (current.text !== undefined) throw badRequest("there is no caption in the message to edit");
  const caption = readCaption(context);
  const { inline } = readReplyMarkup(context.params);
  if (
    current.caption === caption?.text &&
    sameEntities(current.caption_entities, caption?.entities) &&
    JSON.stringify(current.reply_markup) === JSON.stringify(inline)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  context.chargeSend(chat.chat);
  const { caption: _caption, caption_entities: _entities, ...rest } = current;
  const next = withMarkup(
    { ...rest, ...captionContent(caption), edit_date: context.core.unixTime() } as Message,
    inline,
  );
  return commitEdit(context, chat.chat.id, next);
};

/** editMessageReplyMarkup: replaces or removes the inline keyboard. */
export const editMessageReplyMarkup: MethodHandler = (context) => {
  const { chat, current } = editableMessage(context);
  const { inline } = readReplyMarkup(context.params);
  if (JSON.stringify(current.reply_markup) === JSON.stringify(inline))
    throw badRequest(NOT_MODIFIED);
  return commitEdit(context, chat.chat.id, withMarkup(current, inline));
};

/** deleteMessage: kept in the transcript as deleted. */
export const deleteMessage: MethodHandler = (context) => {
  const chat = resolveChat(context);
  const stored = requireMessage(context, chat, "message to delete not found");
  const botStatus = chat.members.get(context.bot.account.id);
  const isAdmin = botStatus === "administrator" || botStatus === "creator";
  if (chat.chat.type !== "private" && !stored.fromBot && !isAdmin) {
    throw badRequest("message can't be deleted");
  }
  if (
    context.core.unixTime() - stored.message.date > DELETE_WINDOW_SECONDS &&
    chat.chat.type === "private"
  ) {
    throw badRequest("message can't be deleted for everyone");
  }
  context.bot.chats.remove(chat.chat.id, stored.message.message_id, true);
  return true;
};

/** sendChatAction: remembered for the simulator's "typing…". */
export const sendChatAction: MethodHandler = (context) => {
  const chat = resolveChat(context, { forSending: true });
  const action = context.params.string("action");
  if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  chat.lastAction = { action, at: context.core.now() };
  return true;
};
