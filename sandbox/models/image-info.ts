import type { ImageInfo } from "./types.ts";

/** Media types both APIs accept for inline images. */
export const IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;

/**
 * Decodes base64 strictly (Node's decoder silently skips garbage; the APIs do
 * not): whole groups of four from the standard alphabet, `=` padding only at
 * the end. Node's own decoder does the scan: it skips whitespace, stray `=`
 * and any other character outside both alphabets, so the bytes come out
 * short of what the length promises, and it takes base64url's `-` and `_`,
 * which are looked for separately. A table lookup per character cost ~0.4 ms
 * on a screenshot, six times this, which the sandbox paid on every request.
 */
export function decodeBase64Strict(data: string): Buffer | undefined {
  const length = data.length;
  if (length === 0 || length % 4 !== 0) return undefined;
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  const bytes = Buffer.from(data, "base64");
  if (bytes.length !== (length / 4) * 3 - padding) return undefined;
  if (data.includes("-") || data.includes("_")) return undefined;
  return bytes;
}

/** Splits a `data:image/png;base64,…` URL; undefined for anything else. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!match) return undefined;
  return { mediaType: match[1]!.toLowerCase(), data: match[2]! };
}

/**
 * Reads the real type and pixel size from an image's header bytes (PNG, JPEG,
 * GIF, WebP), without decoding pixels; undefined when the bytes are none of them.
 */
export function sniffImage(bytes: Buffer): ImageInfo | undefined {
  if (
    bytes.length >= 24 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.toString("latin1", 12, 16) === "IHDR"
  ) {
    return {
      mediaType: "image/png",
      width: bytes.readUInt32BE(16),
      height: bytes.readUInt32BE(20),
    };
  }
  if (bytes.length >= 10 && /^GIF8[79]a$/.test(bytes.toString("latin1", 0, 6))) {
    return { mediaType: "image/gif", width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  if (
    bytes.length >= 30 &&
    bytes.toString("latin1", 0, 4) === "RIFF" &&
    bytes.toString("latin1", 8, 12) === "WEBP"
  ) {
    return webpSize(bytes);
  }
  return undefined;
}

function jpegSize(bytes: Buffer): ImageInfo | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // Fill bytes and markers without a length field.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const isStartOfFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      return {
        mediaType: "image/jpeg",
        height: bytes.readUInt16BE(offset + 5),
        width: bytes.readUInt16BE(offset + 7),
      };
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}

function webpSize(bytes: Buffer): ImageInfo | undefined {
  const chunk = bytes.toString("latin1", 12, 16);
  if (chunk === "VP8 ") {
    return {
      mediaType: "image/webp",
      width: bytes.readUInt16LE(26) & 0x3fff,
      height: bytes.readUInt16LE(28) & 0x3fff,
    };
  }
  if (chunk === "VP8L") {
    const b = bytes.subarray(21, 25);
    const width = 1 + (((b[1]! & 0x3f) << 8) | b[0]!);
    const height = 1 + (((b[3]! & 0x0f) << 10) | (b[2]! << 2) | ((b[1]! & 0xc0) >> 6));
    return { mediaType: "image/webp", width, height };
  }
  if (chunk === "VP8X") {
    return {
      mediaType: "image/webp",
      width: 1 + bytes.readUIntLE(24, 3),
      height: 1 + bytes.readUIntLE(27, 3),
    };
  }
  return undefined;
}
