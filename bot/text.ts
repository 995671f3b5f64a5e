/** Telegram's limit for one message's text, counted after entity parsing. */
export const MAX_MESSAGE_LENGTH = 4096;

/** Escapes text for `parse_mode: "HTML"`: only &, < and > are special there. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Splits plain text into chunks of at most `limit` characters, preferring
 * paragraph, then line, then word boundaries, and never cutting a surrogate
 * pair (an emoji) in half.
 */
export function splitMessage(text: string, limit = MAX_MESSAGE_LENGTH): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = -1;
    for (const sep of ["\n\n", "\n", " "]) {
      const at = rest.lastIndexOf(sep, limit);
      if (at > limit / 2) {
        cut = at + sep.length;
        break;
      }
    }
    if (cut < 0) cut = limit;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut);
  }
  if (rest.trim().length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks.filter((c) => c.length > 0);
}

/** Strips control characters Telegram would reject while keeping newlines and tabs. */
export function sanitizeForTelegram(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const cleaned = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
  return cleaned.trim().length > 0 ? cleaned : "…";
}
