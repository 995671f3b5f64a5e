import type { MessageEntity } from "grammy/types";

// Telegram detects commands, mentions, hashtags, links and e-mail addresses in
// every message text, so a user's "/start abc" arrives with a bot_command
// entity and a bot's "see https://x.io" comes back with a url entity. These
// patterns cover the common cases of TDLib's find_entities, not its every rule.

const PATTERNS: { type: MessageEntity["type"]; pattern: RegExp }[] = [
  {
    type: "bot_command",
    pattern: /(?<![\w/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])/g,
  },
  {
    type: "email",
    pattern: /(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@])/g,
  },
  { type: "mention", pattern: /(?<![\w@])@[A-Za-z][A-Za-z0-9_]{2,31}(?![\w@])/g },
  { type: "hashtag", pattern: /(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu },
  { type: "cashtag", pattern: /(?<![\w$])\$[A-Z]{3,8}(?![\w])/g },
  {
    type: "url",
    pattern:
      /(?<![\w@/.-])(?:(?:https?|ftp|tg|ton):\/\/[^\s<>"]+|(?:[A-Za-z0-9-]+\.)+(?:com|org|net|io|ai|dev|app|me|co|ru|de|uk|info|biz|xyz|tech|site|online|store|page|link|ly|gg|tv|to|sh|so|fm)(?::\d+)?(?:\/[^\s<>"]*)?)(?![\w@])/gi,
  },
];

const TRAILING_PUNCTUATION = /[.,;:!?'")\]]+$/;

/** Entities Telegram would detect on its own in a plain text. */
export function detectEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (const { type, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      let value = match[0];
      if (type === "url") value = value.replace(TRAILING_PUNCTUATION, "");
      if (value.length === 0 || match.index === undefined) continue;
      const entity = { type, offset: match.index, length: value.length } as MessageEntity;
      if (!found.some((e) => overlaps(e, entity))) found.push(entity);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Adds detected entities that do not collide with the given (explicit) ones. */
export function mergeDetectedEntities(text: string, entities: MessageEntity[]): MessageEntity[] {
  const blocking = entities.filter((e) => !SPLITTABLE.has(e.type));
  const detected = detectEntities(text).filter((d) => !blocking.some((e) => overlaps(e, d)));
  return [...entities, ...detected].sort((a, b) => a.offset - b.offset || b.length - a.length);
}

// Style entities may overlap anything; the rest are atomic.
const SPLITTABLE = new Set<string>(["bold", "italic", "underline", "strikethrough", "spoiler"]);

function overlaps(a: MessageEntity, b: MessageEntity): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}
