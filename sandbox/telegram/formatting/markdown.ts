import type { MessageEntity } from "grammy/types";
import { ByteText, ch, decodeBytes, isFirstCodeUnit, isSpace, utf16Width } from "./bytes.ts";
import {
  EntityParseError,
  type FormattedText,
  linkEntity,
  type ParseContext,
  sortEntities,
} from "./entity.ts";

// A port of TDLib's parse_markdown: the legacy "Markdown" parse mode.

const BACKSLASH = ch("\\");
const UNDERSCORE = ch("_");
const STAR = ch("*");
const BACKTICK = ch("`");
const LBRACKET = ch("[");
const RBRACKET = ch("]");
const LPAREN = ch("(");
const RPAREN = ch(")");
const NL = ch("\n");
const CR = ch("\r");

/** Parses legacy Markdown into text and entities; throws EntityParseError. */
export function parseMarkdown(input: string, context: ParseContext): FormattedText {
  const t = new ByteText(input);
  const out: number[] = [];
  const entities: MessageEntity[] = [];
  let utf16 = 0;
  const isMarker = (c: number) =>
    c === UNDERSCORE || c === STAR || c === BACKTICK || c === LBRACKET;

  for (let i = 0; i < t.size; i++) {
    const c = t.at(i);
    if (c === BACKSLASH && isMarker(t.at(i + 1))) {
      i++;
      out.push(t.at(i));
      utf16++;
      continue;
    }
    if (!isMarker(c)) {
      if (isFirstCodeUnit(c)) utf16 += utf16Width(c);
      out.push(c);
      continue;
    }

    const beginPos = i;
    const endChar = c === LBRACKET ? RBRACKET : c;
    let isPre = false;
    let language = "";
    i++;
    if (c === BACKTICK && t.at(i) === BACKTICK && t.at(i + 1) === BACKTICK) {
      i += 2;
      isPre = true;
      let languageEnd = i;
      while (!isSpace(t.at(languageEnd)) && t.at(languageEnd) !== BACKTICK) languageEnd++;
      if (i !== languageEnd && languageEnd < t.size && t.at(languageEnd) !== BACKTICK) {
        language = t.str(i, languageEnd);
        i = languageEnd;
      }
      if (t.at(i) === NL || t.at(i) === CR) {
        const next = t.at(i + 1);
        i += (next === NL || next === CR) && t.at(i) !== next ? 2 : 1;
      }
    }

    const entityOffset = utf16;
    while (
      i < t.size &&
      (t.at(i) !== endChar || (isPre && !(t.at(i + 1) === BACKTICK && t.at(i + 2) === BACKTICK)))
    ) {
      const cur = t.at(i);
      if (isFirstCodeUnit(cur)) utf16 += utf16Width(cur);
      out.push(t.at(i++));
    }
    if (i === t.size) {
      throw new EntityParseError(
        `Can't find end of the entity starting at byte offset ${beginPos}`,
      );
    }

    if (entityOffset !== utf16) {
      const length = utf16 - entityOffset;
      if (c === UNDERSCORE) entities.push({ type: "italic", offset: entityOffset, length });
      else if (c === STAR) entities.push({ type: "bold", offset: entityOffset, length });
      else if (c === LBRACKET) {
        let url: string;
        if (t.at(i + 1) !== LPAREN) {
          url = t.str(beginPos + 1, i);
        } else {
          i += 2;
          const urlBegin = i;
          while (i < t.size && t.at(i) !== RPAREN) i++;
          url = t.str(urlBegin, i);
        }
        const entity = linkEntity(entityOffset, length, url, context);
        if (entity) entities.push(entity);
      } else if (isPre) {
        entities.push(
          language
            ? { type: "pre", offset: entityOffset, length, language }
            : { type: "pre", offset: entityOffset, length },
        );
      } else {
        entities.push({ type: "code", offset: entityOffset, length });
      }
    }
    if (isPre) i += 2;
  }
  return { text: decodeBytes(out), entities: sortEntities(entities) };
}
