import { constants, crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FILTER_UP = 2;

/**
 * Encodes packed 8-bit RGB pixels as a PNG. pngjs's encoder filters row by row
 * through per-byte callbacks (about 10 ms for 1280×720); this one applies the
 * "up" filter with a tight loop and zlib's RLE strategy, which suits flat
 * desktop colours, for a few milliseconds per frame. pngjs still reads them.
 */
export function encodeRgbPng(width: number, height: number, rgb: Buffer, level = 1): Buffer {
  const stride = width * 3;
  const filtered = Buffer.alloc((stride + 1) * height);
  filtered.set(rgb.subarray(0, stride), 1);
  const words = stride % 4 === 0 && rgb.byteOffset % 4 === 0;
  const source = words ? new Uint32Array(rgb.buffer, rgb.byteOffset, (stride * height) / 4) : null;
  const diff = new Uint32Array(Math.ceil(stride / 4));
  const diffBytes = new Uint8Array(diff.buffer, 0, stride);
  for (let y = 1; y < height; y++) {
    const out = y * (stride + 1);
    filtered[out] = FILTER_UP;
    const row = y * stride;
    // Identical rows (most of a flat desktop) filter to zeros, already there.
    if (rgb.compare(rgb, row - stride, row, row, row + stride) === 0) continue;
    if (source) {
      subtractRowWords(source, row / 4, stride / 4, diff);
      filtered.set(diffBytes, out + 1);
    } else {
      for (let x = 0; x < stride; x++)
        filtered[out + 1 + x] = (rgb[row + x]! - rgb[row - stride + x]!) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, adaptive filters, no interlace
  const idat = deflateSync(filtered, { level, strategy: constants.Z_RLE });
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
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
