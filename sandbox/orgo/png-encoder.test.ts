import { PNG } from "pngjs";
import { expect, it } from "vitest";
import { createPngEncoder, encodeRgbPng } from "./png-encoder.ts";

/** A frame of `width`×`height` with a gradient and a few rows painted with `mark`. */
function frame(width: number, height: number, mark: number, rows: number[]): Buffer {
  // Taller than one band of rows, so unchanged bands are reused between frames.
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) rgb.fill(y % 7, y * width * 3, (y + 1) * width * 3);
  for (const y of rows) rgb.fill(mark, y * width * 3, y * width * 3 + 9);
  return rgb;
}

it("re-encodes changed frames exactly as a fresh encoder would, and pngjs reads them back", () => {
  const encode = createPngEncoder();
  const frames = [
    frame(20, 40, 200, [3]),
    frame(20, 40, 201, [3, 4, 33]), // rows below a change re-filter too
    frame(20, 40, 201, [3, 4, 33]), // unchanged
    frame(20, 40, 90, [0, 39]), // first and last rows
    frame(21, 40, 90, [0]), // another size starts afresh
    frame(20, 40, 5, []),
  ];
  for (const rgb of frames) {
    const width = rgb.length / 3 / 40;
    const png = encode(width, 40, Buffer.from(rgb), 1);
    expect(png.equals(encodeRgbPng(width, 40, rgb, 1))).toBe(true);
    const decoded = PNG.sync.read(png);
    expect(decoded.width).toBe(width);
    const pixels = Buffer.alloc(rgb.length);
    for (let i = 0; i < width * 40; i++) decoded.data.copy(pixels, i * 3, i * 4, i * 4 + 3);
    expect(pixels.equals(rgb)).toBe(true);
  }
});
