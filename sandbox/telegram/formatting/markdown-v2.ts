import type { MessageEntity } from "grammy/types";
import { ByteText, ch, decodeBytes, isFirstCodeUnit, isSpace, utf16Width } from "./bytes.ts";
import {
  EntityParseError,
  type FormattedText,
  linkEntity,
  type ParseContext,
  sortEntities,
} from "./entity.ts";

// A port of TDLib's parse_markdown_v2. Entity kinds keep TDLib's names
// because Telegram prints them in errors ("Can't find end of Bold entity …").

type Kind =
  | "Bold"
  | "Italic"
  | "Underline"
  | "Strikethrough"
  | "Spoiler"
  | "Code"
  | "Pre"
  | "PreCode"
  | "TextUrl"
  | "CustomEmoji"
  | "BlockQuote";

type Open = {
  kind: Kind;
  argument: string;
  offset: number;
  byteOffset: number;
  begin: number;
};

const RESERVED = new Set([..."_*[]()~`>#+-=|{}.!\n"].map(ch));
const CODE_RESERVED = new Set([ch("`")]);
const NL = ch("\n");
const CR = ch("\r");
const BACKTICK = ch("`");

/** Parses MarkdownV2 into text and entities; throws EntityParseError. */
export function parseMarkdownV2(input: string, context: ParseContext): FormattedText {
  const t = new ByteText(input);
  const out: number[] = [];
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let utf16 = 0;
  let haveBlockquote = false;
  let canStartBlockquote = true;
  const fail = (message: string): never => {
    throw new EntityParseError(message);
  };
  const reservedError = (c: number) =>
    fail(
      `Character '${String.fromCharCode(c)}' is reserved and must be escaped with the preceding '\\'`,
    );
  const unclosedError = (open: Open) =>
    fail(`Can't find end of ${open.kind} entity at byte offset ${open.byteOffset}`);

  for (let i = 0; i < t.size; i++) {
    const c = t.at(i);
    const next = t.at(i + 1);
    if (c === ch("\\") && next > 0 && next <= 126) {
      i++;
      utf16 += 1;
      out.push(next);
      if (next !== CR) canStartBlockquote = next === NL;
      continue;
    }

    const top = stack.at(-1);
    const inCode = top?.kind === "Code" || top?.kind === "Pre" || top?.kind === "PreCode";
    if (!(inCode ? CODE_RESERVED : RESERVED).has(c)) {
      if (isFirstCodeUnit(c)) {
        utf16 += utf16Width(c);
        if (c !== CR) canStartBlockquote = false;
      }
      out.push(c);
      continue;
    }

    const isEnd = top !== undefined && isEndOfEntity(top.kind, c, t, i, haveBlockquote);
    if (!isEnd) {
      let kind: Kind | undefined;
      let argument = "";
      const byteOffset = i;
      switch (String.fromCharCode(c)) {
        case "_":
          if (next === ch("_")) {
            kind = "Underline";
            i++;
          } else kind = "Italic";
          break;
        case "*":
          kind = "Bold";
          break;
        case "~":
          kind = "Strikethrough";
          break;
        case "|":
          if (next !== ch("|")) reservedError(c);
          i++;
          kind = "Spoiler";
          break;
        case "[":
          kind = "TextUrl";
          break;
        case "`":
          if (next === BACKTICK && t.at(i + 2) === BACKTICK) {
            i += 3;
            kind = "Pre";
            let languageEnd = i;
            while (!isSpace(t.at(languageEnd)) && t.at(languageEnd) !== BACKTICK) languageEnd++;
            if (i !== languageEnd && languageEnd < t.size && t.at(languageEnd) !== BACKTICK) {
              kind = "PreCode";
              argument = t.str(i, languageEnd);
              i = languageEnd;
            }
            if (t.at(i) === NL || t.at(i) === CR) {
              const after = t.at(i + 1);
              i += (after === NL || after === CR) && t.at(i) !== after ? 2 : 1;
            }
            i--;
          } else kind = "Code";
          break;
        case "!":
          if (next !== ch("[")) reservedError(c);
          i++;
          kind = "CustomEmoji";
          break;
        case "\n":
          utf16 += 1;
          out.push(NL);
          canStartBlockquote = true;
          break;
        case ">":
          if (!canStartBlockquote) reservedError(c);
          if (!haveBlockquote) {
            kind = "BlockQuote";
            haveBlockquote = true;
          }
          break;
        default:
          reservedError(c);
      }
      if (kind === undefined) continue;
      stack.push({ kind, argument, offset: utf16, byteOffset, begin: out.length });
      continue;
    }

    // The end of an entity.
    let open = top;
    let kind: Kind | "ExpandableBlockQuote" = open.kind;
    if (c === NL && kind !== "BlockQuote") {
      const spoilerRightBefore =
        kind === "Spoiler" &&
        (open.byteOffset === i - 2 ||
          (open.byteOffset === i - 3 && out.length !== 0 && out.at(-1) === CR));
      if (!spoilerRightBefore) unclosedError(open);
      stack.pop();
      const outer = stack.at(-1);
      if (outer?.kind !== "BlockQuote") return unclosedError(outer ?? open);
      open = outer;
      kind = "ExpandableBlockQuote";
    }
    let skip = utf16 === open.offset;
    let entity: MessageEntity | undefined;
    const length = () => utf16 - open.offset;
    switch (kind) {
      case "Bold":
      case "Italic":
      case "Code":
      case "Strikethrough":
        break;
      case "Underline":
      case "Spoiler":
        i++;
        break;
      case "Pre":
      case "PreCode":
        i += 2;
        break;
      case "TextUrl": {
        let url = "";
        if (t.at(i + 1) !== ch("(")) {
          url = decodeBytes(out.slice(open.begin));
        } else {
          [url, i] = readUrl(t, i + 2, fail);
        }
        if (!skip) {
          entity = linkEntity(open.offset, length(), url, context);
          skip = entity === undefined;
        }
        break;
      }
      case "CustomEmoji": {
        if (t.at(i + 1) !== ch("(")) fail("The entity must contain a tg://emoji or tg://time URL");
        let url = "";
        [url, i] = readUrl(t, i + 2, fail);
        const emoji = /^tg:\/\/emoji\?id=(\d+)$/i.exec(url);
        const time = /^tg:\/\/time\?unix=(\d+)/i.exec(url);
        if (emoji?.[1]) {
          entity = {
            type: "custom_emoji",
            offset: open.offset,
            length: length(),
            custom_emoji_id: emoji[1],
          };
        } else if (time?.[1]) {
          entity = {
            type: "date_time",
            offset: open.offset,
            length: length(),
            unix_time: Number(time[1]),
          } as MessageEntity;
        } else {
          fail("Invalid tg://emoji or tg://time URL specified");
        }
        break;
      }
      case "BlockQuote":
      case "ExpandableBlockQuote":
        haveBlockquote = false;
        out.push(c);
        canStartBlockquote = true;
        utf16 += 1;
        skip = false;
        break;
    }
    if (!skip) {
      entity ??= simpleEntity(kind, open, length());
      entities.push(entity);
    }
    stack.pop();
  }

  if (haveBlockquote) {
    let kind: "blockquote" | "expandable_blockquote" = "blockquote";
    const last = stack.at(-1);
    if (last?.kind === "Spoiler" && last.byteOffset === t.size - 2) {
      stack.pop();
      kind = "expandable_blockquote";
    }
    const quote = stack.at(-1);
    if (quote?.kind === "BlockQuote") {
      const length = utf16 - quote.offset;
      if (length !== 0) entities.push({ type: kind, offset: quote.offset, length });
      stack.pop();
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed) unclosedError(unclosed);
  return { text: decodeBytes(out), entities: sortEntities(entities) };
}

function isEndOfEntity(
  kind: Kind,
  c: number,
  t: ByteText,
  i: number,
  haveBlockquote: boolean,
): boolean {
  if (haveBlockquote && c === NL && (i + 1 === t.size || t.at(i + 1) !== ch(">"))) return true;
  const next = t.at(i + 1);
  switch (kind) {
    case "Bold":
      return c === ch("*");
    case "Italic":
      return c === ch("_") && next !== ch("_");
    case "Code":
      return c === BACKTICK;
    case "Pre":
    case "PreCode":
      return c === BACKTICK && next === BACKTICK && t.at(i + 2) === BACKTICK;
    case "TextUrl":
    case "CustomEmoji":
      return c === ch("]");
    case "Underline":
      return c === ch("_") && next === ch("_");
    case "Strikethrough":
      return c === ch("~");
    case "Spoiler":
      return c === ch("|") && next === ch("|");
    case "BlockQuote":
      return false;
  }
}

/** Reads a `(url)` body starting after the parenthesis; returns the URL and the index of `)`. */
function readUrl(t: ByteText, start: number, fail: (message: string) => never): [string, number] {
  const bytes: number[] = [];
  let i = start;
  while (i < t.size && t.at(i) !== ch(")")) {
    const next = t.at(i + 1);
    if (t.at(i) === ch("\\") && next > 0 && next <= 126) {
      bytes.push(next);
      i += 2;
      continue;
    }
    bytes.push(t.at(i++));
  }
  if (t.at(i) !== ch(")")) fail(`Can't find end of a URL at byte offset ${start}`);
  return [decodeBytes(bytes), i];
}

function simpleEntity(
  kind: Kind | "ExpandableBlockQuote",
  open: Open,
  length: number,
): MessageEntity {
  const offset = open.offset;
  switch (kind) {
    case "Bold":
      return { type: "bold", offset, length };
    case "Italic":
      return { type: "italic", offset, length };
    case "Underline":
      return { type: "underline", offset, length };
    case "Strikethrough":
      return { type: "strikethrough", offset, length };
    case "Spoiler":
      return { type: "spoiler", offset, length };
    case "Code":
      return { type: "code", offset, length };
    case "Pre":
      return { type: "pre", offset, length };
    case "PreCode":
      return { type: "pre", offset, length, language: open.argument };
    case "ExpandableBlockQuote":
      return { type: "expandable_blockquote", offset, length };
    default:
      return { type: "blockquote", offset, length };
  }
}
