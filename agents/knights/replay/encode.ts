/**
 * A task's replay as an animated GIF (gifenc): its stored screenshots in
 * order, scaled down, with the cursor where the step aimed and the step's
 * one-line description burned in. Whatever the task's length it stays
 * short and small enough for Telegram's `sendAnimation` and a chat: at most
 * `maxFrames` frames sampled evenly (first and last kept), ≤ 15 s in all,
 * and a smaller size is tried when the result is over `maxBytes`.
 * Screenshots that are not PNG (a real Orgo may answer JPEG) are skipped.
 */
import * as gifencModule from "gifenc";
import { PNG } from "pngjs";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "./font.ts";

export type ReplayFrame = {
  image: Buffer;
  /** The step's one-line description. */
  caption: string;
  /** Where the step aimed, in `cursorSpace` (default: the image's own pixels). */
  cursor?: { x: number; y: number };
  /** The screen size the cursor's coordinates refer to (the model's view of the screen). */
  cursorSpace?: { width: number; height: number };
};

export type ReplayOptions = {
  maxFrames?: number;
  maxDurationMs?: number;
  maxBytes?: number;
  width?: number;
};

export type Replay = {
  bytes: Uint8Array;
  frames: number;
  durationMs: number;
  width: number;
  height: number;
};

// gifenc is CommonJS for Node (its API on `default`) and ESM for bundlers (named exports).
type Gifenc = typeof gifencModule.default;
const gifenc: Gifenc =
  typeof (gifencModule as unknown as Gifenc).GIFEncoder === "function"
    ? (gifencModule as unknown as Gifenc)
    : gifencModule.default;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** Encodes `frames` as a looping GIF within the limits; undefined when no frame is usable. */
export function encodeReplay(
  frames: readonly ReplayFrame[],
  options: ReplayOptions = {},
): Replay | undefined {
  const {
    maxFrames = 40,
    maxDurationMs = 15_000,
    maxBytes = 4 * 1024 * 1024,
    width = 640,
  } = options;
  const usable = frames.filter((f) => f.image.subarray(0, 4).equals(PNG_MAGIC));
  if (usable.length === 0) return undefined;
  const decoded = new Map<ReplayFrame, PNG>();
  const decode = (f: ReplayFrame) => {
    let png = decoded.get(f);
    if (!png) {
      png = PNG.sync.read(f.image);
      decoded.set(f, png);
    }
    return png;
  };
  let attempt = { frames: maxFrames, width };
  for (;;) {
    const picked = sample(usable, attempt.frames);
    const replay = encode(picked, decode, attempt.width, maxDurationMs);
    if (replay.bytes.length <= maxBytes || attempt.width <= 240) return replay;
    attempt = {
      frames: Math.max(2, Math.floor(attempt.frames * 0.7)),
      width: Math.floor(attempt.width * 0.75),
    };
  }
}

/** `count` items spread evenly over `items`, first and last included. */
export function sample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return [items.at(-1)!];
  return Array.from(
    { length: count },
    (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!,
  );
}

function encode(
  frames: readonly ReplayFrame[],
  decode: (f: ReplayFrame) => PNG,
  targetWidth: number,
  maxDurationMs: number,
): Replay {
  const first = decode(frames[0]!);
  const width = Math.min(targetWidth, first.width);
  const height = Math.round((first.height * width) / first.width);
  // The last frame stays up twice as long; all of it within the limit, in GIF's 10 ms units.
  const delay = Math.max(
    100,
    Math.min(1_000, Math.floor(maxDurationMs / (frames.length + 1) / 10) * 10),
  );
  const rendered = frames.map((frame, i) => {
    const png = decode(frame);
    const rgba = scale(png, width, height);
    if (frame.cursor) {
      const space = frame.cursorSpace ?? png;
      const x = (frame.cursor.x * width) / space.width;
      drawCursor(rgba, width, height, x, (frame.cursor.y * height) / space.height);
    }
    drawCaption(rgba, width, height, `${i + 1}/${frames.length} ${frame.caption}`);
    return rgba;
  });
  // One palette for the whole replay, from the first, middle and last screens:
  // quantizing is most of the cost, and screens of one desktop share colours.
  const probe = sample(rendered, 3);
  const mosaic = new Uint8Array(probe.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of probe) {
    mosaic.set(f, offset);
    offset += f.length;
  }
  const palette = gifenc.quantize(mosaic, 256, { format: "rgb444" });
  const gif = gifenc.GIFEncoder();
  for (const [i, rgba] of rendered.entries()) {
    const index = gifenc.applyPalette(rgba, palette, "rgb444");
    const last = i === rendered.length - 1;
    gif.writeFrame(index, width, height, {
      ...(i === 0 ? { palette, repeat: 0 } : {}),
      delay: last ? delay * 2 : delay,
    });
  }
  gif.finish();
  return {
    bytes: gif.bytes(),
    frames: frames.length,
    durationMs: delay * (frames.length + 1),
    width,
    height,
  };
}

/** Box-free nearest-neighbour scaling: screenshots are flat UI, and this is cheap. */
function scale(png: PNG, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(png.height - 1, Math.floor((y * png.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(png.width - 1, Math.floor((x * png.width) / width));
      const from = (sy * png.width + sx) * 4;
      const to = (y * width + x) * 4;
      out[to] = png.data[from]!;
      out[to + 1] = png.data[from + 1]!;
      out[to + 2] = png.data[from + 2]!;
      out[to + 3] = 255;
    }
  }
  return out;
}

function fill(
  rgba: Uint8Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  w: number,
  h: number,
  rgb: number,
) {
  for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++)
    for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
      const at = (y * width + x) * 4;
      rgba[at] = (rgb >> 16) & 255;
      rgba[at + 1] = (rgb >> 8) & 255;
      rgba[at + 2] = rgb & 255;
    }
}

/** A red ring with a dot, where the step clicked, typed or scrolled. */
function drawCursor(rgba: Uint8Array, width: number, height: number, cx: number, cy: number) {
  const r = 9;
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const d = Math.hypot(dx, dy);
      if ((d > r - 2.5 && d <= r) || d <= 2)
        fill(rgba, width, height, Math.round(cx + dx), Math.round(cy + dy), 1, 1, 0xe53935);
    }
}

/** A dark bar along the bottom with the step's description in the 5×8 font. */
function drawCaption(rgba: Uint8Array, width: number, height: number, text: string) {
  const scaleBy = width >= 560 ? 2 : 1;
  const bar = GLYPH_HEIGHT * scaleBy + 8;
  fill(rgba, width, height, 0, height - bar, width, bar, 0x111827);
  const advance = (GLYPH_WIDTH + 1) * scaleBy;
  const fits = Math.floor((width - 12) / advance);
  const line = text.length > fits ? `${text.slice(0, fits - 1)}~` : text;
  let x = 6;
  const top = height - bar + 4;
  for (const char of line) {
    const rows = glyphRows(char);
    for (let row = 0; row < GLYPH_HEIGHT; row++)
      for (let col = 0; col < GLYPH_WIDTH; col++)
        if ((rows[row]! >> (GLYPH_WIDTH - 1 - col)) & 1)
          fill(
            rgba,
            width,
            height,
            x + col * scaleBy,
            top + row * scaleBy,
            scaleBy,
            scaleBy,
            0xf9fafb,
          );
    x += advance;
  }
}
