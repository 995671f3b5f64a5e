import { randomBytes } from "node:crypto";

/**
 * Text that did not come from the customer (what a knight saw on screen, a
 * web page, a task result, a stored name) reaches the model only inside an
 * `<untrusted_data>` block. The system prompt says such blocks are data, never
 * instructions. Anything inside that looks like our delimiter is defused, so
 * hostile text cannot close the block early and speak as us; a random id per
 * block makes a forged closing tag guesswork as well.
 */
const TAG = /<\s*\/?\s*untrusted_data\b/gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Longest untrusted excerpt passed on, so a huge page cannot flood the context. */
export const UNTRUSTED_MAX_CHARS = 2_000;

/** Wraps third-party text for the model; `source` says where it came from (e.g. "task.result"). */
export function untrusted(
  source: string,
  text: string,
  { id = randomBytes(4).toString("hex"), maxChars = UNTRUSTED_MAX_CHARS } = {},
): string {
  const clean = defuse(text);
  const body = clean.length > maxChars ? `${clean.slice(0, maxChars)}… [truncated]` : clean;
  const safeSource = source.replace(/[^a-z0-9_.-]/gi, "_").slice(0, 40);
  return `<untrusted_data source="${safeSource}" id="${id}">\n${body}\n</untrusted_data id="${id}">`;
}

/** Removes control and bidi-override characters and breaks look-alike delimiters. */
export function defuse(text: string): string {
  return text
    .replace(CONTROL, "")
    .replace(TAG, (tag) => tag.replace(/untrusted_data/i, "untrusted-data"));
}

/** True when a text contains one of our untrusted blocks. */
export function containsUntrusted(text: string): boolean {
  return /<untrusted_data source="/.test(text);
}
