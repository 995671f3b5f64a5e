/**
 * Text from outside — forms, JSON bodies, chat messages — on its way to
 * Postgres, which refuses NUL in `text` ("invalid byte sequence for encoding
 * UTF8: 0x00") and `\u0000` in `jsonb`. Other C0 control characters are
 * accepted by Postgres but have no business in a name or a label, and hide
 * text from people reading it. One rule for every channel: a single-line
 * field takes no C0 control character at all, a multi-line one only tab,
 * line feed and carriage return.
 */
import { z } from "zod";

/** The reason a field with a control character is refused, as the 400 says it. */
export const CONTROL_CHARACTER_REASON = "must not contain control characters";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const SINGLE_LINE_CONTROL = /[\u0000-\u001f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const ANY_CONTROL = /[\u0000-\u001f]/g;

/** A field name fit for a message or a log: control characters shown as "?". */
export function printable(name: string): string {
  return name.replace(ANY_CONTROL, "?");
}

/** Whether `value` holds a control character the field does not allow. */
export function hasControlCharacter(value: string, { multiline = false } = {}): boolean {
  return (multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL).test(value);
}

/**
 * A zod string refusing control characters with a reason naming them; chain
 * `.trim()`, `.min()`, `.max()` as on any string. `multiline` lets tab and
 * line breaks through (descriptions, notes, task text).
 */
export function text({ multiline = false }: { multiline?: boolean } = {}) {
  return z.string().refine((value) => !hasControlCharacter(value, { multiline }), {
    error: CONTROL_CHARACTER_REASON,
  });
}

/**
 * The first string inside a parsed body (object, array, string) that holds a
 * control character outside tab and line breaks, with its path ("items.0.name").
 */
export function findControlCharacter(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") {
    return hasControlCharacter(value, { multiline: true }) ? path.join(".") || "body" : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findControlCharacter(item, [...path, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (hasControlCharacter(key, { multiline: true })) return [...path, "(key)"].join(".");
      const found = findControlCharacter(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const STRIPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * Every string in a JSON-shaped value (keys too) without the control
 * characters a multi-line text may not hold: for text we cannot send back
 * (a Telegram update), where refusing is no option.
 */
export function withoutControlCharacters<T>(value: T): T {
  if (typeof value === "string") return value.replace(STRIPPED, "") as T;
  if (Array.isArray(value)) return value.map((item) => withoutControlCharacters(item)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        withoutControlCharacters(key),
        withoutControlCharacters(item),
      ]),
    ) as T;
  }
  return value;
}

/** JSON for a jsonb column: every string without NUL, which jsonb refuses as `\u0000`. */
export function jsonWithoutNul(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "string" && item.includes("\0") ? item.replaceAll("\0", "") : item,
  );
}
