import type { MessageEntity } from "grammy/types";
import {
  appendCodePoint,
  ByteText,
  ch,
  decodeBytes,
  isAlnum,
  isAlpha,
  isFirstCodeUnit,
  isSpace,
  utf16Width,
} from "./bytes.ts";
import {
  EntityParseError,
  type FormattedText,
  linkEntity,
  type ParseContext,
  sortEntities,
} from "./entity.ts";

// A port of TDLib's parse_html (td/telegram/MessageEntity.cpp), so both the
// accepted markup and the error wording match what Telegram answers.

const SUPPORTED_TAGS = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "s",
  "strike",
  "del",
  "u",
  "ins",
  "tg-spoiler",
  "tg-emoji",
  "tg-time",
  "span",
  "pre",
  "code",
  "blockquote",
]);

const AMP = ch("&");
const LT = ch("<");
const GT = ch(">");
const SLASH = ch("/");
const EQ = ch("=");
const DQ = ch('"');
const SQ = ch("'");
const SEMI = ch(";");
const HASH = ch("#");

/** Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric references; unknown names stay literal. */
function decodeHtmlEntity(t: ByteText, pos: number): { code: number; next: number } | undefined {
  let end = pos + 1;
  let code = 0;
  if (t.at(pos + 1) === HASH) {
    end++;
    if (t.at(pos + 2) === ch("x")) {
      end++;
      while (/[0-9a-fA-F]/.test(String.fromCharCode(t.at(end)))) {
        code = code * 16 + Number.parseInt(String.fromCharCode(t.at(end++)), 16);
      }
    } else {
      while (t.at(end) >= 0x30 && t.at(end) <= 0x39) code = code * 10 + (t.at(end++) - 0x30);
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return undefined;
  } else {
    while (isAlpha(t.at(end))) end++;
    const name = t.str(pos + 1, end);
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
    const value = named[name];
    if (value === undefined) return undefined;
    code = ch(value);
  }
  return { code, next: t.at(end) === SEMI ? end + 1 : end };
}

type OpenTag = { tag: string; argument: string; offset: number; begin: number };

/** Parses Telegram-flavoured HTML into text and entities; throws EntityParseError. */
export function parseHtml(input: string, context: ParseContext): FormattedText {
  const t = new ByteText(input);
  const out: number[] = [];
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let utf16 = 0;
  const fail = (message: string): never => {
    throw new EntityParseError(message);
  };

  for (let i = 0; i < t.size; i++) {
    const c = t.at(i);
    if (c === AMP) {
      const decoded = decodeHtmlEntity(t, i);
      if (decoded) {
        if (decoded.code >= 0xd800 && decoded.code <= 0xdfff) {
          fail(
            "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
          );
        }
        i = decoded.next - 1;
        utf16 += decoded.code > 0xffff ? 2 : 1;
        appendCodePoint(out, decoded.code);
        continue;
      }
    }
    if (c !== LT) {
      if (isFirstCodeUnit(c)) utf16 += utf16Width(c);
      out.push(c);
      continue;
    }

    const beginPos = i++;
    if (t.at(i) !== SLASH) {
      while (!isSpace(t.at(i)) && t.at(i) !== GT) i++;
      if (t.at(i) === 0) fail(`Unclosed start tag at byte offset ${beginPos}`);
      const tag = t.str(beginPos + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag))
        fail(`Unsupported start tag "${tag}" at byte offset ${beginPos}`);

      let argument = "";
      while (t.at(i) !== GT) {
        while (t.at(i) !== 0 && isSpace(t.at(i))) i++;
        if (t.at(i) === GT) break;
        const nameBegin = i;
        while (
          !isSpace(t.at(i)) &&
          t.at(i) !== EQ &&
          t.at(i) !== GT &&
          t.at(i) !== SLASH &&
          t.at(i) !== DQ &&
          t.at(i) !== SQ
        ) {
          i++;
        }
        const name = t.str(nameBegin, i);
        if (name === "")
          fail(`Empty attribute name in the tag "${tag}" at byte offset ${beginPos}`);
        while (t.at(i) !== 0 && isSpace(t.at(i))) i++;
        if (t.at(i) !== EQ) {
          if (t.at(i) === 0) fail(`Unclosed start tag "${tag}" at byte offset ${beginPos}`);
          if (tag === "blockquote" && name === "expandable") argument = "1";
          continue;
        }
        i++;
        while (t.at(i) !== 0 && isSpace(t.at(i))) i++;
        if (t.at(i) === 0) fail(`Unclosed start tag "${tag}" at byte offset ${beginPos}`);

        let value: string;
        if (t.at(i) !== SQ && t.at(i) !== DQ) {
          const tokenBegin = i;
          while (isAlnum(t.at(i)) || t.at(i) === ch(".") || t.at(i) === ch("-")) i++;
          value = t.str(tokenBegin, i).toLowerCase();
          if (!isSpace(t.at(i)) && t.at(i) !== GT) {
            fail(`Unexpected end of name token at byte offset ${tokenBegin}`);
          }
        } else {
          const quote = t.at(i++);
          const buf: number[] = [];
          while (t.at(i) !== quote && t.at(i) !== 0) {
            if (t.at(i) === AMP) {
              const decoded = decodeHtmlEntity(t, i);
              if (decoded) {
                appendCodePoint(buf, decoded.code);
                i = decoded.next;
                continue;
              }
            }
            buf.push(t.at(i++));
          }
          if (t.at(i) === quote) i++;
          value = decodeBytes(buf);
        }
        if (t.at(i) === 0) fail(`Unclosed start tag at byte offset ${beginPos}`);

        if (tag === "a" && name === "href") argument = value;
        else if (tag === "code" && name === "class" && value.startsWith("language-")) {
          argument = value.slice(9);
        } else if (tag === "span" && name === "class" && value.startsWith("tg-")) {
          argument = value.slice(3);
        } else if (tag === "tg-emoji" && name === "emoji-id") argument = value;
        else if (tag === "blockquote" && name === "expandable") argument = "1";
        else if (tag === "tg-time" && name === "unix") argument = value;
      }
      if (tag === "span" && argument !== "spoiler") {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${beginPos}`);
      }
      stack.push({ tag, argument, offset: utf16, begin: out.length });
      continue;
    }

    // An end tag.
    const open = stack.at(-1);
    if (!open) return fail(`Unexpected end tag at byte offset ${beginPos}`);
    while (!isSpace(t.at(i)) && t.at(i) !== GT) i++;
    const endTag = t.str(beginPos + 2, i).toLowerCase();
    while (isSpace(t.at(i)) && t.at(i) !== 0) i++;
    if (t.at(i) !== GT) fail(`Unclosed end tag at byte offset ${beginPos}`);
    if (endTag !== "" && endTag !== open.tag) {
      fail(
        `Unmatched end tag at byte offset ${beginPos}, expected "</${open.tag}>", found "</${endTag}>"`,
      );
    }
    if (utf16 > open.offset) {
      const entity = closeTag(open, utf16 - open.offset, entities, out, context);
      if (entity) entities.push(entity);
    }
    stack.pop();
  }
  const unclosed = stack.at(-1);
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text: decodeBytes(out), entities: sortEntities(stripCodeLanguages(entities)) };
}

/** The entity an end tag produces; may instead upgrade the previous pre/code pair. */
function closeTag(
  open: OpenTag,
  length: number,
  entities: MessageEntity[],
  out: number[],
  context: ParseContext,
): MessageEntity | undefined {
  const offset = open.offset;
  const previous = entities.at(-1);
  const sameSpan =
    previous !== undefined && previous.offset === offset && previous.length === length;
  switch (open.tag) {
    case "i":
    case "em":
      return { type: "italic", offset, length };
    case "b":
    case "strong":
      return { type: "bold", offset, length };
    case "s":
    case "strike":
    case "del":
      return { type: "strikethrough", offset, length };
    case "u":
    case "ins":
      return { type: "underline", offset, length };
    case "tg-spoiler":
    case "span":
      return { type: "spoiler", offset, length };
    case "tg-emoji": {
      if (!/^-?\d+$/.test(open.argument) || BigInt(open.argument) === 0n) {
        throw new EntityParseError("Invalid custom emoji identifier specified");
      }
      return { type: "custom_emoji", offset, length, custom_emoji_id: open.argument };
    }
    case "tg-time": {
      const unix = Number.parseInt(open.argument, 10);
      return unix > 0
        ? ({ type: "date_time", offset, length, unix_time: unix } as MessageEntity)
        : undefined;
    }
    case "a": {
      const url = open.argument === "" ? decodeBytes(out.slice(open.begin)) : open.argument;
      return linkEntity(offset, length, url, context);
    }
    case "pre":
      if (sameSpan && previous.type === "code" && languageOf(previous)) {
        entities.pop();
        return { type: "pre", offset, length, language: languageOf(previous) };
      }
      return { type: "pre", offset, length };
    case "code":
      if (sameSpan && previous.type === "pre" && open.argument !== "") {
        entities.pop();
        return { type: "pre", offset, length, language: open.argument };
      }
      // A code entity remembers its language only until a surrounding <pre> claims it.
      return open.argument
        ? ({ type: "code", offset, length, language: open.argument } as MessageEntity)
        : { type: "code", offset, length };
    case "blockquote":
      return { type: open.argument ? "expandable_blockquote" : "blockquote", offset, length };
    default:
      return undefined;
  }
}

function languageOf(entity: MessageEntity): string {
  return (entity as { language?: string }).language ?? "";
}

/** Drops the language a bare <code> kept for a possible enclosing <pre>. */
function stripCodeLanguages(entities: MessageEntity[]): MessageEntity[] {
  return entities.map((e) => {
    if (e.type !== "code" || !("language" in e)) return e;
    const { language: _unused, ...rest } = e as MessageEntity & { language?: string };
    return rest as MessageEntity;
  });
}
