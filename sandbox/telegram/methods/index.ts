import * as botSettings from "./bot-settings.ts";
import * as chats from "./chats.ts";
import type { MethodHandler } from "./context.ts";
import * as media from "./media.ts";
import * as messages from "./messages.ts";
import * as updates from "./updates.ts";

export { createMethodContext, type MethodContext, type MethodHandler } from "./context.ts";
export { webhookInfo } from "./updates.ts";

const handlers: Record<string, MethodHandler> = {
  getMe: botSettings.getMe,
  getUpdates: updates.getUpdates,
  setWebhook: updates.setWebhook,
  deleteWebhook: updates.deleteWebhook,
  getWebhookInfo: updates.getWebhookInfo,
  sendMessage: messages.sendMessage,
  editMessageText: messages.editMessageText,
  editMessageCaption: messages.editMessageCaption,
  editMessageReplyMarkup: messages.editMessageReplyMarkup,
  deleteMessage: messages.deleteMessage,
  sendChatAction: messages.sendChatAction,
  sendPhoto: media.sendPhoto,
  sendDocument: media.sendDocument,
  sendAnimation: media.sendAnimation,
  getFile: media.getFile,
  answerCallbackQuery: chats.answerCallbackQuery,
  getChat: chats.getChat,
  getChatMember: chats.getChatMember,
  setMyCommands: botSettings.setMyCommands,
  getMyCommands: botSettings.getMyCommands,
  deleteMyCommands: botSettings.deleteMyCommands,
  setChatMenuButton: botSettings.setChatMenuButton,
  getChatMenuButton: botSettings.getChatMenuButton,
  setMyDescription: botSettings.setMyDescription,
  getMyDescription: botSettings.getMyDescription,
  setMyShortDescription: botSettings.setMyShortDescription,
  getMyShortDescription: botSettings.getMyShortDescription,
  setMyName: botSettings.setMyName,
  getMyName: botSettings.getMyName,
};

/** The Bot API methods the sandbox implements, by lower-cased name (Telegram ignores case). */
export const METHODS: ReadonlyMap<string, MethodHandler> = new Map(
  Object.entries(handlers).map(([name, handler]) => [name.toLowerCase(), handler]),
);

/** Names of the implemented methods, as documented. */
export const SUPPORTED_METHODS: readonly string[] = Object.keys(handlers);
