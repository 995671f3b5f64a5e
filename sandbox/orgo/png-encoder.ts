import { constants, crc32, deflateRawSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FILTER_UP = 2;

/** Rows per independently compressed band (16 rows of 1280×3 bytes: 61 KB). */
export const BAND_ROWS = 16;

/** One band of a frame's image data, deflated on its own, and the key it was made from. */
type Band = { key: string | undefined; deflated: Buffer; adler: number; length: number };

/** A frame's compressed bands, kept so the next frame of the same screen can reuse them. */
export type EncodedBands = { width: number; height: number; bands: Band[] };

export type EncodeOptions = {
  /** zlib level; 1 keeps a 1280×720 frame at a few milliseconds. */
  level?: number;
  /**
   * Per band of {@link BAND_ROWS} rows, a key that names everything its
   * filtered bytes depend on: its own rows and the row above its first.
   */
  keys?: readonly string[];
  /** The last frame's bands: one whose key equals this frame's is reused as it is. */
  previous?: EncodedBands;
};

/**
 * Encodes packed 8-bit RGB pixels as a PNG. pngjs's encoder filters row by row
 * through per-byte callbacks (about 10 ms for 1280×720); this one applies the
 * "up" filter with a tight loop and zlib's RLE strategy, which suits flat
 * desktop colours.
 *
 * The image data is deflated in bands of rows, each ended with a full flush
 * so it stands alone (the RLE strategy only looks one byte back anyway); the
 * zlib stream is the bands in order, an empty final block and the Adler-32
 * of the whole, combined from the bands'. So a band whose key is unchanged
 * since the last frame of the same screen keeps its compressed bytes and
 * checksum: an action redraws a few bands of a desktop, and only those are
 * filtered and deflated again. The bytes are the same with or without keys.
 */
export function encodePng(
  width: number,
  height: number,
  rgb: Buffer,
  { level = 1, keys, previous }: EncodeOptions = {},
): { png: Buffer; bands: EncodedBands } {
  const stride = width * 3;
  const reusable =
    keys && previous?.width === width && previous.height === height ? previous.bands : [];
  const words = stride % 4 === 0 && rgb.byteOffset % 4 === 0;
  const source = words ? new Uint32Array(rgb.buffer, rgb.byteOffset, (stride * height) / 4) : null;
  const diff = new Uint32Array(Math.ceil(stride / 4));
  const diffBytes = new Uint8Array(diff.buffer, 0, stride);
  const filtered = Buffer.alloc(BAND_ROWS * (stride + 1));

  /** Writes row `y`, filtered, at `out` (its filter byte first). */
  const filterRow = (y: number, out: number) => {
    const row = y * stride;
    if (y === 0) {
      filtered[out] = 0; // no filter: there is no row above
      rgb.copy(filtered, out + 1, 0, stride);
      return;
    }
    filtered[out] = FILTER_UP;
    // Identical rows (most of a flat desktop) filter to zeros.
    if (rgb.compare(rgb, row - stride, row, row, row + stride) === 0) {
      filtered.fill(0, out + 1, out + 1 + stride);
    } else if (source) {
      subtractRowWords(source, row / 4, stride / 4, diff);
      filtered.set(diffBytes, out + 1);
    } else {
      for (let x = 0; x < stride; x++)
        filtered[out + 1 + x] = (rgb[row + x]! - rgb[row - stride + x]!) & 0xff;
    }
  };

  const bands: Band[] = [];
  for (let first = 0, b = 0; first < height; first += BAND_ROWS, b++) {
    const key = keys?.[b];
    const old = reusable[b];
    if (key !== undefined && old?.key === key) {
      bands.push(old);
      continue;
    }
    const rows = Math.min(BAND_ROWS, height - first);
    for (let i = 0; i < rows; i++) filterRow(first + i, i * (stride + 1));
    const data = filtered.subarray(0, rows * (stride + 1));
    bands.push({
      key,
      deflated: deflateRawSync(data, {
        level,
        strategy: constants.Z_RLE,
        finishFlush: constants.Z_FULL_FLUSH,
      }),
      adler: adler32(data),
      length: data.length,
    });
  }

  let adler = 1;
  for (const band of bands) adler = adler32Combine(adler, band.adler, band.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler, 0);
  const idat = Buffer.concat([
    ZLIB_HEADER,
    ...bands.map((band) => band.deflated),
    FINAL_BLOCK,
    trailer,
  ]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, adaptive filters, no interlace
  const png = Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return { png, bands: { width, height, bands } };
}

/** zlib header: deflate, 32 KB window, fastest compression, no dictionary. */
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);
/** An empty final fixed-Huffman block, ending the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const ADLER_BASE = 65521;

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length); // the most bytes before b can overflow
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
}

/** Adler-32 of two blocks from theirs (zlib's adler32_combine). */
function adler32Combine(first: number, second: number, secondLength: number): number {
  const rem = secondLength % ADLER_BASE;
  let a = first & 0xffff;
  let b = (rem * a) % ADLER_BASE;
  a += (second & 0xffff) + ADLER_BASE - 1;
  b += (first >>> 16) + (second >>> 16) + ADLER_BASE - rem;
  if (a >= ADLER_BASE) a -= ADLER_BASE;
  if (a >= ADLER_BASE) a -= ADLER_BASE;
  if (b >= 2 * ADLER_BASE) b -= 2 * ADLER_BASE;
  if (b >= ADLER_BASE) b -= ADLER_BASE;
  return ((b << 16) | a) >>> 0;
}

/** Byte-wise `row - rowAbove` modulo 256, four bytes per step without carries between them. */
function subtractRowWords(words: Uint32Array, start: number, count: number, out: Uint32Array) {
  for (let i = 0; i < count; i++) {
    const a = words[start + i]!;
    const b = words[start - count + i]!;
    out[i] = ((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
