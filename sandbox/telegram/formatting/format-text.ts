import type { MessageEntity } from "grammy/types";
import { mergeDetectedEntities } from "./auto-entities.ts";
import { codePointLength } from "./bytes.ts";
import { EntityParseError, type FormattedText, type ParseContext, sortEntities } from "./entity.ts";
import { parseHtml } from "./html.ts";
import { parseMarkdown } from "./markdown.ts";
import { parseMarkdownV2 } from "./markdown-v2.ts";

/** Telegram's limits, in Unicode code points after entity parsing: message text. */
export const MESSAGE_TEXT_LIMIT = 4096;
/** …and captions. */
export const CAPTION_LIMIT = 1024;
const RAW_TEXT_BYTE_LIMIT = 1 << 15;

/** Why a text was refused; `description` is the exact Bot API description. */
export class TextFormatError extends Error {
  override name = "TextFormatError";
  readonly description: string;
  constructor(description: string) {
    super(description);
    this.description = description;
  }
}

export type FormatInput = {
  text: string | undefined;
  parseMode?: string | undefined;
  entities?: unknown;
};

/**
 * Turns a message text with parse_mode / entities into what Telegram stores,
 * with Telegram's checks and wording: empty text, unparsable markup,
 * whitespace-only text, and the 4096 code point limit.
 */
export function formatMessageText(input: FormatInput, context: ParseContext): FormattedText {
  if (!input.text) throw new TextFormatError("Bad Request: message text is empty");
  const formatted = parseAndTrim(input, context);
  if (formatted.text === "") throw new TextFormatError("Bad Request: text must be non-empty");
  if (codePointLength(formatted.text) > MESSAGE_TEXT_LIMIT) {
    throw new TextFormatError("Bad Request: message is too long");
  }
  return formatted;
}

/** Like formatMessageText for captions: empty is fine, the limit is 1024. */
export function formatCaption(
  input: FormatInput,
  context: ParseContext,
): FormattedText | undefined {
  if (!input.text) return undefined;
  const formatted = parseAndTrim(input, context);
  if (formatted.text === "") return undefined;
  if (codePointLength(formatted.text) > CAPTION_LIMIT) {
    throw new TextFormatError("Bad Request: message caption is too long");
  }
  return formatted;
}

function parseAndTrim(input: FormatInput, context: ParseContext): FormattedText {
  const raw = input.text ?? "";
  if (new TextEncoder().encode(raw).length > RAW_TEXT_BYTE_LIMIT) {
    throw new TextFormatError("Bad Request: text is too long");
  }
  const parsed = parse(raw, input.parseMode ?? "", input.entities, context);
  const trimmed = trim(parsed);
  return { text: trimmed.text, entities: mergeDetectedEntities(trimmed.text, trimmed.entities) };
}

function parse(
  text: string,
  parseMode: string,
  entities: unknown,
  context: ParseContext,
): FormattedText {
  const mode = parseMode.toLowerCase();
  if (mode === "" || mode === "none") {
    return { text, entities: explicitEntities(entities, context) };
  }
  const parser =
    mode === "html"
      ? parseHtml
      : mode === "markdownv2"
        ? parseMarkdownV2
        : mode === "markdown"
          ? parseMarkdown
          : undefined;
  if (!parser) throw new TextFormatError("Bad Request: unsupported parse_mode");
  try {
    return parser(text, context);
  } catch (error) {
    if (error instanceof EntityParseError) {
      throw new TextFormatError(`Bad Request: can't parse entities: ${error.message}`);
    }
    throw error;
  }
}

const EXPLICIT_TYPES = new Set([
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "code",
  "pre",
  "text_link",
  "text_mention",
  "custom_emoji",
  "blockquote",
  "expandable_blockquote",
  "date_time",
]);
const DETECTED_TYPES = new Set([
  "mention",
  "hashtag",
  "cashtag",
  "bot_command",
  "url",
  "email",
  "phone_number",
  "bank_card_number",
]);

/** Validates the `entities` parameter; detected kinds are ignored, as Telegram does. */
function explicitEntities(value: unknown, context: ParseContext): MessageEntity[] {
  if (value === undefined || value === null || value === "") return [];
  if (!Array.isArray(value)) return [];
  const result: MessageEntity[] = [];
  for (const item of value) {
    const bad = (why: string) =>
      new TextFormatError(`Bad Request: can't parse MessageEntity: ${why}`);
    if (typeof item !== "object" || item === null) throw bad("expected an Object");
    const { type, offset, length } = item as Record<string, unknown>;
    if (typeof offset !== "number" || !Number.isInteger(offset)) {
      throw bad('Field "offset" must be a valid Number');
    }
    if (typeof length !== "number" || !Number.isInteger(length)) {
      throw bad('Field "length" must be a valid Number');
    }
    if (typeof type !== "string") throw bad('Field "type" must be of type String');
    if (DETECTED_TYPES.has(type)) continue;
    if (!EXPLICIT_TYPES.has(type)) throw bad("Unsupported type specified");
    if (offset < 0 || length <= 0) continue;
    const entity = { ...(item as object) } as MessageEntity;
    if (entity.type === "text_mention") {
      const user = context.resolveUser(Number((entity as { user?: { id?: unknown } }).user?.id));
      if (!user) continue;
      entity.user = user;
    }
    result.push(entity);
  }
  return sortEntities(result);
}

/** Telegram trims spaces and newlines at both ends and clips entities to match. */
function trim({ text, entities }: FormattedText): FormattedText {
  let end = text.length;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\n")) end--;
  const firstEntity = entities.reduce((min, e) => Math.min(min, e.offset), end);
  let start = 0;
  while (start < Math.min(end, firstEntity) && (text[start] === " " || text[start] === "\n"))
    start++;
  const clipped = entities
    .map((e) => {
      const from = Math.max(e.offset, start);
      const to = Math.min(e.offset + e.length, end);
      return { ...e, offset: from - start, length: to - from };
    })
    .filter((e) => e.length > 0);
  return { text: text.slice(start, end), entities: sortEntities(clipped) };
}
