/**
 * Byte-level view of a UTF-8 string, so the entity parsers can be faithful
 * ports of TDLib's: Telegram reports parse errors at UTF-8 byte offsets and
 * counts entity offsets in UTF-16 code units.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A UTF-8 encoded string read like a NUL-terminated C string. */
export class ByteText {
  readonly bytes: Uint8Array;
  readonly size: number;

  constructor(text: string) {
    this.bytes = encoder.encode(text);
    this.size = this.bytes.length;
  }

  /** The byte at `i`, or 0 past the end (as a C string would read). */
  at(i: number): number {
    return this.bytes[i] ?? 0;
  }

  /** Decodes bytes [begin, end) as UTF-8. */
  str(begin: number, end: number): string {
    return decoder.decode(this.bytes.subarray(begin, end));
  }
}

/** Decodes collected output bytes back into a string. */
export function decodeBytes(bytes: number[]): string {
  return decoder.decode(Uint8Array.from(bytes));
}

/** True for the byte that starts a UTF-8 character (not a continuation byte). */
export function isFirstCodeUnit(c: number): boolean {
  return (c & 0xc0) !== 0x80;
}

/** UTF-16 width of the character whose first UTF-8 byte is `c`. */
export function utf16Width(c: number): number {
  return c >= 0xf0 ? 2 : 1;
}

/** TDLib's is_space: space, \t, \r, \n, \v and the terminating NUL. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0 || c === 0x0b;
}

/** ASCII letter or digit. */
export function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** ASCII letter. */
export function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Appends the UTF-8 encoding of a code point. */
export function appendCodePoint(out: number[], code: number): void {
  for (const b of encoder.encode(String.fromCodePoint(code))) out.push(b);
}

/** Number of Unicode code points, which is how Telegram measures text limits. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The character code of a one-character ASCII string. */
export const ch = (s: string): number => s.charCodeAt(0);
