/**
 * Screenshot bytes from any of the three forms Orgo documents for `image`
 * (a URL to fetch, a `data:` URL, bare base64), with the real type read from
 * the magic bytes rather than trusted from a header or a URL suffix.
 */
import { OrgoProtocolError } from "./errors.ts";

export type ImageType = "image/png" | "image/jpeg";

/** A decoded screenshot: bytes, sniffed type and pixel size. */
export type Screenshot = {
  bytes: Buffer;
  contentType: ImageType;
  width: number;
  height: number;
  /** Orgo's metadata, when given. */
  id?: string;
  takenAt?: string;
};

const DATA_URL = /^data:([^;,]*)(;base64)?,(.*)$/s;
const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/** How the `image` field is to be read. */
export type ImageSource = { kind: "url"; url: string } | { kind: "bytes"; bytes: Buffer };

/** Classifies the `image` field: a URL to download, or inline bytes (data URL or bare base64). */
export function imageSource(image: unknown): ImageSource {
  if (typeof image !== "string" || image.length === 0) {
    throw new OrgoProtocolError("Orgo screenshot has no image");
  }
  const trimmed = image.trim();
  if (/^https?:\/\//i.test(trimmed)) return { kind: "url", url: trimmed };
  const data = DATA_URL.exec(trimmed);
  if (data) {
    const payload = data[3] ?? "";
    return {
      kind: "bytes",
      bytes: data[2] ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload)),
    };
  }
  if (BASE64.test(trimmed)) return { kind: "bytes", bytes: Buffer.from(trimmed, "base64") };
  throw new OrgoProtocolError("Orgo screenshot image is neither a URL, a data URL nor base64");
}

/** Reads type and size from PNG or JPEG header bytes; throws for anything else. */
export function describeImage(bytes: Buffer): {
  contentType: ImageType;
  width: number;
  height: number;
} {
  if (
    bytes.length >= 24 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.readUInt32BE(4) === 0x0d0a1a0a
  ) {
    return {
      contentType: "image/png",
      width: bytes.readUInt32BE(16),
      height: bytes.readUInt32BE(20),
    };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    return { contentType: "image/jpeg", ...size };
  }
  throw new OrgoProtocolError("Orgo screenshot is neither PNG nor JPEG");
}

/** Walks JPEG segments to the first start-of-frame marker for the pixel size (0×0 if absent). */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) {
      offset += 1;
      continue;
    }
    const marker = bytes[offset + 1]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return { width: 0, height: 0 };
}
