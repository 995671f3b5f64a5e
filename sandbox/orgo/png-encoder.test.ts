import { PNG } from "pngjs";
import { expect, it } from "vitest";
import { BAND_ROWS, type EncodedBands, encodePng } from "./png-encoder.ts";

/** A frame of `width`×`height` with a gradient and a few rows painted with `mark`. */
function frame(width: number, height: number, mark: number, rows: number[]): Buffer {
  // Taller than one band of rows, so unchanged bands are reused between frames.
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) rgb.fill(y % 7, y * width * 3, (y + 1) * width * 3);
  for (const y of rows) rgb.fill(mark, y * width * 3, y * width * 3 + 9);
  return rgb;
}

/** Keys naming each band's rows and the row above it, by content. */
function keysOf(rgb: Buffer, width: number, height: number): string[] {
  const stride = width * 3;
  const keys: string[] = [];
  for (let first = 0; first < height; first += BAND_ROWS) {
    const from = Math.max(0, first - 1) * stride;
    keys.push(rgb.subarray(from, Math.min(height, first + BAND_ROWS) * stride).toString("hex"));
  }
  return keys;
}

it("reuses the bands whose keys are unchanged, giving the bytes of a fresh encoding", () => {
  let previous: EncodedBands | undefined;
  const frames = [
    frame(20, 40, 200, [3]),
    frame(20, 40, 201, [3, 4, 33]),
    frame(20, 40, 201, [3, 4, 33]), // unchanged: every band reused
    frame(20, 40, 201, [3, 4, 31, 33]), // row 31 ends band 1 and is the row above band 2
    frame(20, 40, 90, [0, 39]), // first and last rows
    frame(21, 40, 90, [0]), // another size starts afresh
    frame(20, 40, 5, []),
  ];
  const reused: number[] = [];
  for (const rgb of frames) {
    const width = rgb.length / 3 / 40;
    const encoded = encodePng(width, 40, Buffer.from(rgb), {
      keys: keysOf(rgb, width, 40),
      previous,
    });
    reused.push(encoded.bands.bands.filter((band, b) => previous?.bands[b] === band).length);
    previous = encoded.bands;
    expect(encoded.png.equals(encodePng(width, 40, rgb).png)).toBe(true);
    const decoded = PNG.sync.read(encoded.png);
    expect(decoded.width).toBe(width);
    const pixels = Buffer.alloc(rgb.length);
    for (let i = 0; i < width * 40; i++) decoded.data.copy(pixels, i * 3, i * 4, i * 4 + 3);
    expect(pixels.equals(rgb)).toBe(true);
  }
  // 40 rows are three bands: what changed between frames is re-encoded, nothing else.
  expect(reused).toEqual([0, 1, 3, 1, 0, 0, 0]);
  // And without keys, nothing is reused.
  const again = encodePng(20, 40, frames[0]!, { previous: previous! });
  expect(again.bands.bands.some((band, b) => previous!.bands[b] === band)).toBe(false);
});
