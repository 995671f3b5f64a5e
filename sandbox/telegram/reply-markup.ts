import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import { badRequest } from "./errors.ts";
import type { Params } from "./params.ts";

/** A validated reply_markup: inline keyboards show on the message, the rest on the chat. */
export type CheckedMarkup = {
  inline?: InlineKeyboardMarkup;
  keyboard?: ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;
};

const MAX_BUTTONS = 100;
const INLINE_ACTIONS = [
  "url",
  "callback_data",
  "callback_game",
  "pay",
  "switch_inline_query",
  "switch_inline_query_chosen_chat",
  "switch_inline_query_current_chat",
  "login_url",
  "web_app",
  "copy_text",
] as const;

/**
 * Validates reply_markup like the Bot API server and Telegram do, with their
 * wording: malformed JSON and shapes, buttons without an action,
 * callback_data over 64 bytes (BUTTON_DATA_INVALID), more than 100 buttons.
 */
export function readReplyMarkup(params: Params): CheckedMarkup {
  const raw = params.json("reply_markup", "reply keyboard markup");
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw badRequest("object expected as reply markup");
  }
  const markup = raw as Record<string, unknown>;
  if (markup.keyboard !== undefined) return { keyboard: replyKeyboard(markup) };
  if (markup.inline_keyboard !== undefined) {
    const rows = inlineRows(markup.inline_keyboard);
    if (rows.length > 0) return { inline: { inline_keyboard: rows } };
  }
  if (markup.remove_keyboard === true || markup.hide_keyboard === true) {
    return {
      keyboard: { remove_keyboard: true, ...(markup.selective ? { selective: true } : {}) },
    };
  }
  if (markup.force_reply === true) {
    const force: ForceReply = { force_reply: true };
    if (typeof markup.input_field_placeholder === "string") {
      force.input_field_placeholder = markup.input_field_placeholder;
    }
    return { keyboard: force };
  }
  return {};
}

function inlineRows(value: unknown): InlineKeyboardButton[][] {
  const shapeError = () =>
    badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  if (!Array.isArray(value)) throw shapeError();
  let count = 0;
  const rows = value.map((row) => {
    if (!Array.isArray(row)) throw shapeError();
    return row.map((button) => {
      count++;
      return inlineButton(button);
    });
  });
  if (count > MAX_BUTTONS) throw badRequest("reply markup is too long");
  return rows.filter((row) => row.length > 0);
}

function inlineButton(value: unknown): InlineKeyboardButton {
  const fail = (why: string) => badRequest(`can't parse inline keyboard button: ${why}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail("InlineKeyboardButton must be an Object");
  }
  const button = value as Record<string, unknown>;
  if (button.text === undefined) throw fail('Can\'t find field "text"');
  if (typeof button.text !== "string") throw fail('Field "text" must be of type String');
  for (const action of INLINE_ACTIONS) {
    const field = button[action];
    if (field === undefined || field === "") continue;
    if (action === "callback_data") {
      if (typeof field !== "string") throw fail('Field "callback_data" must be of type String');
      if (new TextEncoder().encode(field).length > 64) throw badRequest("BUTTON_DATA_INVALID");
    }
    if (action === "web_app") {
      const url = (field as { url?: unknown }).url;
      if (typeof field !== "object" || field === null || typeof url !== "string")
        throw fail('Field "web_app" must be of type Object with a field "url"');
      if (!/^https:\/\/[^/\s]+/i.test(url))
        throw badRequest(
          `inline keyboard button Web App URL '${url}' is invalid: Only HTTPS links are allowed`,
        );
      return { text: button.text, web_app: { url } } as InlineKeyboardButton;
    }
    if (action === "url") {
      if (typeof field !== "string") throw fail('Field "url" must be of type String');
      if (!isButtonUrl(field)) throw badRequest("BUTTON_URL_INVALID");
    }
    return { text: button.text, [action]: field } as unknown as InlineKeyboardButton;
  }
  throw fail("Text buttons are unallowed in the inline keyboard");
}

function isButtonUrl(url: string): boolean {
  if (/^tg:\/\//i.test(url)) return true;
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
  } catch {
    return false;
  }
}

function replyKeyboard(markup: Record<string, unknown>): ReplyKeyboardMarkup {
  const rows = markup.keyboard;
  const shapeError = () => badRequest('field "keyboard" must be an Array of Arrays');
  if (!Array.isArray(rows)) throw shapeError();
  const keyboard = rows.map((row) => {
    if (!Array.isArray(row)) throw shapeError();
    return row.map((button) => {
      if (typeof button === "string") return { text: button };
      if (typeof button !== "object" || button === null || typeof button.text !== "string") {
        throw badRequest(
          "can't parse keyboard button: KeyboardButton must be a String or an Object",
        );
      }
      return button as { text: string };
    });
  });
  const result: ReplyKeyboardMarkup = { keyboard };
  for (const flag of [
    "is_persistent",
    "resize_keyboard",
    "one_time_keyboard",
    "selective",
  ] as const) {
    if (markup[flag] === true) result[flag] = true;
  }
  if (typeof markup.input_field_placeholder === "string") {
    result.input_field_placeholder = markup.input_field_placeholder;
  }
  return result;
}
