import type { BotCommand, MenuButton } from "grammy/types";
import { type CommandScope, commandKey } from "../commands.ts";
import { badRequest } from "../errors.ts";
import { Params } from "../params.ts";
import { resolveChat } from "./chat-access.ts";
import type { MethodContext, MethodHandler } from "./context.ts";

/** getMe: the bot's own User with its capabilities. */
export const getMe: MethodHandler = ({ bot }) => bot.user;

const SCOPE_TYPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

function readScope(context: MethodContext): CommandScope {
  const raw = context.params.json("scope", "BotCommandScope");
  if (raw === undefined) return { type: "default" };
  const fail = (why: string) => badRequest(`can't parse BotCommandScope: ${why}`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw fail("BotCommandScope must be an Object");
  }
  const { type, chat_id, user_id } = raw as Record<string, unknown>;
  if (typeof type !== "string") throw fail('Can\'t find field "type"');
  if (!SCOPE_TYPES.has(type)) throw fail("Unsupported type specified");
  if (!["chat", "chat_administrators", "chat_member"].includes(type)) return { type };
  if (chat_id === undefined || chat_id === "") throw fail("Empty chat_id specified");
  const chat = resolveChat({ ...context, params: new Params({ chat_id }) });
  if (type !== "chat_member") return { type, chatId: chat.chat.id };
  const userId = Number(user_id);
  if (!Number.isInteger(userId) || userId <= 0) throw fail("Invalid user_id specified");
  return { type, chatId: chat.chat.id, userId };
}

function readLanguage(context: MethodContext): string {
  const code = context.params.string("language_code");
  if (code !== "" && !/^[a-z]{2}$/i.test(code)) throw badRequest("invalid language code specified");
  return code.toLowerCase();
}

function readCommands(context: MethodContext): BotCommand[] {
  const raw = context.params.json("commands", "commands");
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest("expected an Array of BotCommand");
  if (raw.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  return raw.map((item) => {
    const fail = (why: string) => badRequest(`can't parse BotCommand: ${why}`);
    if (typeof item !== "object" || item === null) throw fail("expected an Object");
    const { command, description } = item as Record<string, unknown>;
    if (typeof command !== "string") throw fail('Can\'t find field "command"');
    if (typeof description !== "string") throw fail('Can\'t find field "description"');
    const name = command.trim().replace(/^\//, "");
    const text = description.trim();
    if (name === "") throw badRequest("command must be non-empty");
    if ([...name].length > 32) throw badRequest("command length must not exceed 32");
    if (text === "") throw badRequest("command description must be non-empty");
    if ([...text].length > 256) throw badRequest("command description length must not exceed 256");
    if (!/^[a-z0-9_]+$/.test(name)) throw badRequest("BOT_COMMAND_INVALID");
    return { command: name, description: text };
  });
}

/** setMyCommands: replaces the list for a scope and language (an empty list deletes it). */
export const setMyCommands: MethodHandler = (context) => {
  const commands = readCommands(context);
  const key = commandKey(readScope(context), readLanguage(context));
  if (commands.length === 0) context.bot.commands.delete(key);
  else context.bot.commands.set(key, commands);
  return true;
};

/** getMyCommands: the list for exactly that scope and language, [] if none. */
export const getMyCommands: MethodHandler = (context) =>
  context.bot.commands.get(commandKey(readScope(context), readLanguage(context))) ?? [];

/** deleteMyCommands: drops the list for a scope and language. */
export const deleteMyCommands: MethodHandler = (context) => {
  context.bot.commands.delete(commandKey(readScope(context), readLanguage(context)));
  return true;
};

function readMenuButton(context: MethodContext): MenuButton {
  const raw = context.params.json("menu_button", "menu button");
  if (raw === undefined) return { type: "default" };
  const fail = (why: string) => badRequest(`can't parse menu button: ${why}`);
  if (typeof raw !== "object" || raw === null) throw fail("MenuButton must be an Object");
  const button = raw as Record<string, unknown>;
  if (button.type === "default" || button.type === "commands") return { type: button.type };
  if (button.type !== "web_app") throw fail("MenuButton has unsupported type");
  const webApp = button.web_app as { url?: unknown } | undefined;
  if (typeof button.text !== "string") throw fail('Can\'t find field "text"');
  if (typeof webApp?.url !== "string") throw fail('Can\'t find field "url"');
  return { type: "web_app", text: button.text, web_app: { url: webApp.url } };
}

/** setChatMenuButton: for one private chat, or the bot's default without chat_id. */
export const setChatMenuButton: MethodHandler = (context) => {
  const button = readMenuButton(context);
  if (context.params.optionalString("chat_id") === undefined) {
    context.bot.defaultMenuButton = button.type === "default" ? { type: "commands" } : button;
    return true;
  }
  const chat = resolveChat(context);
  if (chat.chat.type !== "private") throw badRequest("chat not found");
  if (button.type === "default") delete chat.menuButton;
  else chat.menuButton = button;
  return true;
};

/** getChatMenuButton: a chat's button, falling back to the bot's default. */
export const getChatMenuButton: MethodHandler = (context) => {
  if (context.params.optionalString("chat_id") === undefined) return context.bot.defaultMenuButton;
  return resolveChat(context).menuButton ?? context.bot.defaultMenuButton;
};

/** setMyDescription and friends: one text per language code. */
function profileText(field: "description" | "short_description" | "name", limit: number) {
  const set: MethodHandler = (context) => {
    const value = context.params.string(field);
    if ([...value].length > limit) throw badRequest(`${field.replace("_", " ")} is too long`);
    const language = readLanguage(context);
    if (value === "") context.bot.profile[field].delete(language);
    else context.bot.profile[field].set(language, value);
    return true;
  };
  const get: MethodHandler = (context) => {
    const language = readLanguage(context);
    const texts = context.bot.profile[field];
    const fallback = field === "name" ? context.bot.account.first_name : "";
    return { [field]: texts.get(language) ?? texts.get("") ?? fallback };
  };
  return { set, get };
}

const description = profileText("description", 512);
const shortDescription = profileText("short_description", 120);
const name = profileText("name", 64);
/** setMyDescription, per language. */
export const setMyDescription = description.set;
/** getMyDescription, per language. */
export const getMyDescription = description.get;
/** setMyShortDescription, per language. */
export const setMyShortDescription = shortDescription.set;
/** getMyShortDescription, per language. */
export const getMyShortDescription = shortDescription.get;
/** setMyName, per language. */
export const setMyName = name.set;
/** getMyName, per language (the bot's first_name by default). */
export const getMyName = name.get;
