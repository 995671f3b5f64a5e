/** Dimensions and type of an image, read from its header. */
export type ImageInfo = { width: number; height: number; mimeType: string; extension: string };

/**
 * Reads width and height from PNG, JPEG, GIF, WebP and BMP headers; undefined
 * for anything else (Telegram answers IMAGE_PROCESS_FAILED for those).
 */
export function sniffImage(bytes: Uint8Array): ImageInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 4) === "PNG") {
    return image(view.getUint32(16), view.getUint32(20), "image/png", "png");
  }
  if (bytes.length >= 10 && (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a")) {
    return image(view.getUint16(6, true), view.getUint16(8, true), "image/gif", "gif");
  }
  if (bytes.length >= 26 && ascii(0, 2) === "BM") {
    return image(view.getInt32(18, true), Math.abs(view.getInt32(22, true)), "image/bmp", "bmp");
  }
  if (bytes.length >= 30 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") {
    return webp(bytes, view);
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpeg(bytes, view);
  return undefined;
}

function image(width: number, height: number, mimeType: string, extension: string) {
  return width > 0 && height > 0 ? { width, height, mimeType, extension } : undefined;
}

function webp(bytes: Uint8Array, view: DataView): ImageInfo | undefined {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === "VP8X") {
    const width = 1 + (view.getUint32(24, true) & 0xffffff);
    const height = 1 + (view.getUint32(27, true) & 0xffffff);
    return image(width, height, "image/webp", "webp");
  }
  if (chunk === "VP8L") {
    const bits = view.getUint32(21, true);
    return image((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1, "image/webp", "webp");
  }
  if (chunk === "VP8 ") {
    return image(
      view.getUint16(26, true) & 0x3fff,
      view.getUint16(28, true) & 0x3fff,
      "image/webp",
      "webp",
    );
  }
  return undefined;
}

function jpeg(bytes: Uint8Array, view: DataView): ImageInfo | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    const length = view.getUint16(offset + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      return image(view.getUint16(offset + 7), view.getUint16(offset + 5), "image/jpeg", "jpg");
    }
    offset += 2 + length;
  }
  return undefined;
}
