import { PNG } from "pngjs";

const cache = new Map<string, string>();

/** A real PNG of the given size, base64-encoded (memoized: tests reuse a few sizes). */
export function pngBase64(width: number, height: number, shade = 0): string {
  const key = `${width}x${height}:${shade}`;
  let data = cache.get(key);
  if (!data) {
    const png = new PNG({ width, height });
    png.data.fill(shade);
    data = PNG.sync.write(png).toString("base64");
    cache.set(key, data);
  }
  return data;
}

/** The smallest JPEG header that states a size: SOI, an APP0 segment, SOF0. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00,
  ];
  const sof0 = [
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
  ];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, ...new Array(16).fill(0)]);
}
