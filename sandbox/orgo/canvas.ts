import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "../../agents/knights/replay/font.ts";

/** An RGB colour as a 0xRRGGBB number. */
export type Rgb = number;

/** A packed RGB (3 bytes per pixel) image being drawn into. */
export type Canvas = {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
  /** When present, every drawing call is written down here (see {@link DrawLog}). */
  readonly log?: DrawLog;
};

/**
 * The drawing calls made on a canvas, in order: the rows each touched
 * ([y0, y1), clipped to the canvas) and a description, starting with those
 * rows, that determines its pixels. Two frames drawn over the same
 * background whose calls touching some rows are the same, in the same
 * order, have the same pixels in those rows.
 */
export type DrawLog = { y0: number[]; y1: number[]; what: string[] };

/** An empty {@link DrawLog}. */
export function createDrawLog(): DrawLog {
  return { y0: [], y1: [], what: [] };
}

/** Empties a log for the next frame. */
export function clearDrawLog(log: DrawLog) {
  log.y0.length = 0;
  log.y1.length = 0;
  log.what.length = 0;
}

function record(canvas: Canvas, y0: number, y1: number, what: () => string) {
  const log = canvas.log;
  if (!log) return;
  const top = Math.max(0, y0);
  const bottom = Math.min(canvas.height, y1);
  if (bottom <= top) return;
  log.y0.push(top);
  log.y1.push(bottom);
  log.what.push(`${top}-${bottom}:${what()}`);
}

/** A blank canvas filled with `color`. */
export function createCanvas(width: number, height: number, color: Rgb = 0): Canvas {
  const canvas = { width, height, data: Buffer.alloc(width * height * 3) };
  fillRect(canvas, 0, 0, width, height, color);
  return canvas;
}

/** Fills a rectangle, clipped to the canvas. */
export function fillRect(canvas: Canvas, x: number, y: number, w: number, h: number, color: Rgb) {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(canvas.width, Math.floor(x + w));
  const y1 = Math.min(canvas.height, Math.floor(y + h));
  if (x1 <= x0 || y1 <= y0) return;
  record(canvas, y0, y1, () => `f${x0},${x1},${color}`);
  const { data, width } = canvas;
  // Paint one row, then copy it: Buffer.copy is far faster than per-pixel writes.
  const first = (y0 * width + x0) * 3;
  for (let x2 = x0; x2 < x1; x2++) setPixelAt(data, (y0 * width + x2) * 3, color);
  const rowBytes = (x1 - x0) * 3;
  for (let row = y0 + 1; row < y1; row++)
    data.copy(data, (row * width + x0) * 3, first, first + rowBytes);
}

/** Sets one pixel, ignoring coordinates off the canvas. */
export function setPixel(canvas: Canvas, x: number, y: number, color: Rgb) {
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) return;
  record(canvas, y, y + 1, () => `p${x},${color}`);
  setPixelAt(canvas.data, (y * canvas.width + x) * 3, color);
}

/** A one-pixel rectangle outline. */
export function strokeRect(canvas: Canvas, x: number, y: number, w: number, h: number, color: Rgb) {
  fillRect(canvas, x, y, w, 1, color);
  fillRect(canvas, x, y + h - 1, w, 1, color);
  fillRect(canvas, x, y, 1, h, color);
  fillRect(canvas, x + w - 1, y, 1, h, color);
}

/** Width in pixels of `text` drawn at `scale`, one pixel column of spacing per glyph. */
export function textWidth(text: string, scale: number): number {
  return text.length * (GLYPH_WIDTH + 1) * scale;
}

/** Draws `text` with the built-in 5×8 font, each font pixel a `scale`×`scale` square. */
export function drawText(
  canvas: Canvas,
  text: string,
  x: number,
  y: number,
  color: Rgb,
  scale = 2,
) {
  const advance = (GLYPH_WIDTH + 1) * scale;
  record(
    canvas,
    y,
    y + GLYPH_HEIGHT * scale,
    () => `t${x},${y},${color},${scale},${text.length}:${text}`,
  );
  const { data, width, height } = canvas;
  const r = (color >> 16) & 0xff;
  const g = (color >> 8) & 0xff;
  const b = color & 0xff;
  for (let i = 0; i < text.length; i++) {
    const rows = glyphRows(text[i]!);
    const gx = x + i * advance;
    if (gx >= width) return;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const bits = rows[row]!;
      if (bits === 0) continue;
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if ((bits & (1 << (GLYPH_WIDTH - 1 - col))) === 0) continue;
        for (let dy = 0; dy < scale; dy++) {
          const py = y + row * scale + dy;
          if (py < 0 || py >= height) continue;
          for (let dx = 0; dx < scale; dx++) {
            const px = gx + col * scale + dx;
            if (px < 0 || px >= width) continue;
            const offset = (py * width + px) * 3;
            data[offset] = r;
            data[offset + 1] = g;
            data[offset + 2] = b;
          }
        }
      }
    }
  }
}

function setPixelAt(data: Buffer, offset: number, color: Rgb) {
  data[offset] = (color >> 16) & 0xff;
  data[offset + 1] = (color >> 8) & 0xff;
  data[offset + 2] = color & 0xff;
}
