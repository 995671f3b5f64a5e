import {
  type Canvas,
  clearDrawLog,
  createCanvas,
  createDrawLog,
  type DrawLog,
  drawText,
  fillRect,
  type Rgb,
  setPixel,
  strokeRect,
  textWidth,
} from "./canvas.ts";
import type { DesktopState } from "./desktop.ts";
import { MIN_PAGE_LINES } from "./editor.ts";
import type { DesktopLayout, Rect } from "./layout.ts";
import { pageLines as loginPageLines, pageTitle } from "./login-page.ts";
import { BAND_ROWS, type EncodedBands, encodePng } from "./png-encoder.ts";

/** Everything a screenshot shows. */
export type ScreenView = {
  layout: DesktopLayout;
  desktop: DesktopState;
  name: string;
  hostname: string;
};

/**
 * What a renderer keeps of one screen's last frame (a computer's), so that
 * the next frame of it re-encodes only the bands of rows that changed.
 */
export type FrameMemory = { bands?: EncodedBands };

/**
 * Draws desktops into PNGs; the same view always yields the same bytes,
 * with or without a memory of the screen's last frame.
 */
export type ScreenRenderer = { render(view: ScreenView, memory?: FrameMemory): Buffer };

/** Options for {@link createScreenRenderer}. */
export type ScreenRendererOptions = {
  /** zlib level for the PNG; 1 keeps a 1280×720 frame at a few milliseconds. */
  deflateLevel?: number;
};

const COLORS = {
  wallpaperTop: 0x1f4e79,
  wallpaperBottom: 0x0f2a44,
  wallpaperDot: 0x2f6aa0,
  statusBar: 0x111827,
  statusText: 0xe5e7eb,
  statusAccent: 0xfbbf24,
  shadow: 0x0b1d30,
  border: 0x94a3b8,
  editorTitle: 0x2563eb,
  terminalTitle: 0x374151,
  titleText: 0xffffff,
  close: 0xef4444,
  page: 0xffffff,
  gutter: 0xf1f5f9,
  lineNumber: 0x94a3b8,
  text: 0x111827,
  selection: 0xbfdbfe,
  terminalPage: 0x0b0f14,
  terminalText: 0xa7f3d0,
  menu: 0xf8fafc,
  menuBorder: 0x64748b,
} satisfies Record<string, Rgb>;

// X = outline, . = fill, space = transparent.
const POINTER = [
  "X",
  "XX",
  "X.X",
  "X..X",
  "X...X",
  "X....X",
  "X.....X",
  "X......X",
  "X.......X",
  "X........X",
  "X.........X",
  "X......XXXXX",
  "X...X..X",
  "X..XX..X",
  "X.X  X..X",
  "XX   X..X",
  "X     X..X",
  "      X..X",
  "       XX",
];

/**
 * A renderer that keeps one wallpaper per screen size and encodes RGB PNGs.
 * Each frame is painted over the wallpaper on a canvas that writes down its
 * drawing calls; a band of rows is keyed by the calls that touched it and
 * the row above it, so a band keyed as in the screen's last frame has the
 * same pixels and keeps its compressed bytes (`encodePng`). Rendering the
 * knights' 200 interleaved desktops, that is a few bands per frame instead
 * of all 45.
 */
export function createScreenRenderer({
  deflateLevel = 1,
}: ScreenRendererOptions = {}): ScreenRenderer {
  // Per screen size: the wallpaper, painted once, and a scratch canvas reused by
  // every frame (rendering is synchronous, and the PNG is a fresh buffer).
  const surfaces = new Map<string, { wallpaper: Canvas; scratch: Canvas & { log: DrawLog } }>();
  const surface = (width: number, height: number) => {
    const key = `${width}x${height}`;
    let found = surfaces.get(key);
    if (!found) {
      const wallpaper = paintWallpaper(width, height);
      const scratch = { width, height, data: Buffer.from(wallpaper.data), log: createDrawLog() };
      found = { wallpaper, scratch };
      surfaces.set(key, found);
    }
    return found;
  };
  return {
    render(view, memory) {
      const { wallpaper, scratch } = surface(view.layout.width, view.layout.height);
      wallpaper.data.copy(scratch.data);
      clearDrawLog(scratch.log);
      paintDesktop(scratch, view);
      const { png, bands } = encodePng(scratch.width, scratch.height, scratch.data, {
        level: deflateLevel,
        keys: bandKeys(scratch.log, scratch.height),
        previous: memory?.bands,
      });
      if (memory) memory.bands = bands;
      return png;
    },
  };
}

/**
 * Per band of rows, the drawing calls that touched it or the row above its
 * first (the "up" filter reads that row), in order. Over the same wallpaper
 * these determine the band's filtered bytes.
 */
export function bandKeys(log: DrawLog, height: number): string[] {
  const calls: string[][] = Array.from({ length: Math.ceil(height / BAND_ROWS) }, () => []);
  for (let i = 0; i < log.what.length; i++) {
    // Rows y0..y1-1; row y1-1 is also the row above band y1/16 when it ends one.
    const last = Math.min(calls.length - 1, Math.floor(log.y1[i]! / BAND_ROWS));
    for (let b = Math.floor(log.y0[i]! / BAND_ROWS); b <= last; b++) calls[b]!.push(log.what[i]!);
  }
  return calls.map((band) => band.join("\n"));
}

function paintWallpaper(width: number, height: number): Canvas {
  const canvas = createCanvas(width, height);
  for (let y = 0; y < height; y++)
    fillRect(canvas, 0, y, width, 1, mix(COLORS.wallpaperTop, COLORS.wallpaperBottom, y / height));
  for (let y = 16; y < height; y += 32)
    for (let x = 16; x < width; x += 32) fillRect(canvas, x, y, 2, 2, COLORS.wallpaperDot);
  return canvas;
}

function paintDesktop(canvas: Canvas, { layout, desktop, name, hostname }: ScreenView) {
  if (layout.terminal) paintTerminal(canvas, layout, layout.terminal, desktop, hostname);
  paintEditor(canvas, layout, desktop);
  if (desktop.menu) paintMenu(canvas, desktop.menu.x, desktop.menu.y);
  paintStatusBar(canvas, layout, desktop, name);
  paintPointer(canvas, desktop.cursor.x, desktop.cursor.y);
}

function paintWindow(
  canvas: Canvas,
  rect: Rect,
  layout: DesktopLayout,
  title: string,
  titleColor: Rgb,
  body: Rgb,
) {
  fillRect(canvas, rect.x + 5, rect.y + 5, rect.w, rect.h, COLORS.shadow);
  fillRect(canvas, rect.x, rect.y, rect.w, layout.titleHeight, titleColor);
  fillRect(canvas, rect.x, rect.y + layout.titleHeight, rect.w, rect.h - layout.titleHeight, body);
  strokeRect(canvas, rect.x, rect.y, rect.w, rect.h, COLORS.border);
  drawText(canvas, title, rect.x + 10, rect.y + 7, COLORS.titleText);
  fillRect(canvas, rect.x + rect.w - 24, rect.y + 8, 12, 12, COLORS.close);
}

function paintEditor(canvas: Canvas, layout: DesktopLayout, state: DesktopState) {
  const rect = {
    ...layout.editor,
    x: layout.editor.x + state.windowOffset.x,
    y: layout.editor.y + state.windowOffset.y,
  };
  // A sign-in page (or the address being typed) takes the window, as a browser tab would.
  const browsing = state.address !== null || state.page !== null;
  const title =
    state.address !== null
      ? `Go to: ${state.address}`
      : state.page
        ? pageTitle(state.page)
        : "notes.txt - Editor";
  paintWindow(canvas, rect, layout, title, COLORS.editorTitle, COLORS.page);
  const desktop = browsing
    ? {
        ...state,
        lines: state.page ? loginPageLines(state.page) : [""],
        scroll: 0,
        selectAll: false,
      }
    : state;
  const { gutter, padding, charWidth, lineHeight, editorCols, editorRows, scale } = layout;
  const top = rect.y + layout.titleHeight + padding;
  fillRect(
    canvas,
    rect.x + 1,
    rect.y + layout.titleHeight,
    gutter,
    rect.h - layout.titleHeight - 1,
    COLORS.gutter,
  );
  const textX = rect.x + gutter + padding;
  const pageLines = Math.max(desktop.lines.length, MIN_PAGE_LINES);
  const last = desktop.lines.length - 1;
  let row = 0;
  for (let line = desktop.scroll; line < pageLines && row < editorRows; line++) {
    const y = top + row * lineHeight;
    const number = String(line + 1);
    drawText(
      canvas,
      number,
      rect.x + gutter - 6 - textWidth(number, scale),
      y + 1,
      COLORS.lineNumber,
      scale,
    );
    const text = desktop.lines[line];
    if (text === undefined) {
      row++;
      continue;
    }
    const chunks =
      text.length === 0 ? [""] : (text.match(new RegExp(`.{1,${editorCols}}`, "gs")) ?? [""]);
    for (const chunk of chunks) {
      if (row >= editorRows) break;
      const rowY = top + row * lineHeight;
      if (desktop.selectAll && chunk.length > 0)
        fillRect(canvas, textX, rowY, textWidth(chunk, scale), lineHeight, COLORS.selection);
      drawText(canvas, chunk, textX, rowY + 1, COLORS.text, scale);
      row++;
    }
    if (line === last) {
      const caretX = textX + chunks.at(-1)!.length * charWidth;
      fillRect(canvas, caretX, top + (row - 1) * lineHeight + 1, 2, lineHeight - 2, COLORS.text);
    }
  }
}

function paintTerminal(
  canvas: Canvas,
  layout: DesktopLayout,
  rect: Rect,
  desktop: DesktopState,
  hostname: string,
) {
  paintWindow(canvas, rect, layout, `user@${hostname}`, COLORS.terminalTitle, COLORS.terminalPage);
  const { padding, lineHeight, terminalCols, terminalRows, scale } = layout;
  const rows: string[] = [];
  for (const line of [...desktop.terminal, "$ _"]) {
    rows.push(
      ...(line.length === 0
        ? [""]
        : (line.match(new RegExp(`.{1,${terminalCols}}`, "gs")) ?? [""])),
    );
  }
  const visible = rows.slice(-terminalRows);
  const top = rect.y + layout.titleHeight + padding;
  for (const [i, text] of visible.entries()) {
    drawText(canvas, text, rect.x + padding, top + i * lineHeight + 1, COLORS.terminalText, scale);
  }
}

function paintMenu(canvas: Canvas, x: number, y: number) {
  const items = ["Copy", "Paste", "Select all"];
  fillRect(canvas, x + 4, y + 4, 150, items.length * 24 + 8, COLORS.shadow);
  fillRect(canvas, x, y, 150, items.length * 24 + 8, COLORS.menu);
  strokeRect(canvas, x, y, 150, items.length * 24 + 8, COLORS.menuBorder);
  for (const [i, item] of items.entries())
    drawText(canvas, item, x + 12, y + 9 + i * 24, COLORS.text);
}

function paintStatusBar(
  canvas: Canvas,
  layout: DesktopLayout,
  desktop: DesktopState,
  name: string,
) {
  const bar = layout.statusBar;
  fillRect(canvas, bar.x, bar.y, bar.w, bar.h, COLORS.statusBar);
  const clock = `${new Date(desktop.changedAt).toISOString().slice(11, 19)} UTC`;
  drawText(canvas, `ORGO SANDBOX  ${name}`, 10, 7, COLORS.statusText);
  const step = `STEP ${desktop.steps}  ${desktop.lastAction}`;
  drawText(canvas, step, Math.floor(bar.w * 0.4), 7, COLORS.statusAccent);
  drawText(canvas, clock, bar.w - 10 - textWidth(clock, 2), 7, COLORS.statusText);
}

function paintPointer(canvas: Canvas, x: number, y: number) {
  for (const [dy, row] of POINTER.entries()) {
    for (let dx = 0; dx < row.length; dx++) {
      if (row[dx] === "X") setPixel(canvas, x + dx, y + dy, 0x000000);
      else if (row[dx] === ".") setPixel(canvas, x + dx, y + dy, 0xffffff);
    }
  }
}

function mix(from: Rgb, to: Rgb, t: number): Rgb {
  const channel = (shift: number) => {
    const a = (from >> shift) & 0xff;
    const b = (to >> shift) & 0xff;
    return Math.round(a + (b - a) * t) << shift;
  };
  return channel(16) | channel(8) | channel(0);
}
