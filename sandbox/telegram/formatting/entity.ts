import type { MessageEntity, User } from "grammy/types";

/** A formatted text: plain text plus Bot API entities (UTF-16 offsets). */
export type FormattedText = { text: string; entities: MessageEntity[] };

/** What the parsers need from the outside world: who a tg://user link names. */
export type ParseContext = { resolveUser: (id: number) => User | undefined };

/** A parse_mode error, worded as TDLib words it (without the "can't parse entities" prefix). */
export class EntityParseError extends Error {
  override name = "EntityParseError";
}

/** The user id of a `tg://user?id=123` link, if it is one. */
export function linkUserId(url: string): number | undefined {
  const match = /^tg:(?:\/\/)?user\?id=(\d+)$/i.exec(url.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * Normalises a link the way Telegram does before storing a text_link, or
 * returns "" when Telegram would drop the entity (unparsable URL).
 */
export function checkLink(url: string): string {
  const trimmed = url.trim();
  if (trimmed === "") return "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === "tg" || scheme === "ton") return trimmed;
  const withScheme = scheme === undefined ? `http://${trimmed}` : trimmed;
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") return "";
  try {
    const parsed = new URL(withScheme);
    return parsed.hostname === "" ? "" : parsed.href;
  } catch {
    return "";
  }
}

/** Builds the entity for a link: text_mention for tg://user links, text_link otherwise. */
export function linkEntity(
  offset: number,
  length: number,
  url: string,
  context: ParseContext,
): MessageEntity | undefined {
  const userId = linkUserId(url);
  if (userId !== undefined) {
    const user = context.resolveUser(userId);
    return user ? { type: "text_mention", offset, length, user } : undefined;
  }
  const checked = checkLink(url);
  return checked === "" ? undefined : { type: "text_link", offset, length, url: checked };
}

/** Telegram's entity order: by offset, longer (outer) entities first. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}
