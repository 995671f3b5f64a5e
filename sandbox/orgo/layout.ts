/** A rectangle in screen pixels. */
export type Rect = { x: number; y: number; w: number; h: number };

/** Where the fake desktop's parts sit on a screen of a given size. */
export type DesktopLayout = {
  width: number;
  height: number;
  statusBar: Rect;
  /** The editor window before the user drags it anywhere. */
  editor: Rect;
  /** Absent on screens too narrow for a second window. */
  terminal: Rect | null;
  titleHeight: number;
  gutter: number;
  padding: number;
  scale: number;
  charWidth: number;
  lineHeight: number;
  editorCols: number;
  editorRows: number;
  terminalCols: number;
  terminalRows: number;
};

const MARGIN = 40;
const GAP = 24;
const MIN_TERMINAL_WIDTH = 220;

/** Lays the desktop out for a `width`×`height` screen. */
export function createLayout(width: number, height: number): DesktopLayout {
  const scale = 2;
  const charWidth = 6 * scale;
  const lineHeight = 9 * scale;
  const titleHeight = 28;
  const gutter = 44;
  const padding = 8;
  const statusBar = { x: 0, y: 0, w: width, h: 28 };
  const top = statusBar.h + 32;
  const windowHeight = height - top - MARGIN;
  const usable = width - 2 * MARGIN;
  const editorWidth = Math.round((usable - GAP) * 0.6);
  const terminalWidth = usable - GAP - editorWidth;
  const withTerminal = terminalWidth >= MIN_TERMINAL_WIDTH;
  const editor = { x: MARGIN, y: top, w: withTerminal ? editorWidth : usable, h: windowHeight };
  const terminal = withTerminal
    ? { x: MARGIN + editorWidth + GAP, y: top, w: terminalWidth, h: windowHeight }
    : null;
  const bodyHeight = windowHeight - titleHeight - 2 * padding;
  return {
    width,
    height,
    statusBar,
    editor,
    terminal,
    titleHeight,
    gutter,
    padding,
    scale,
    charWidth,
    lineHeight,
    editorCols: Math.max(1, Math.floor((editor.w - gutter - 2 * padding) / charWidth)),
    editorRows: Math.max(1, Math.floor(bodyHeight / lineHeight)),
    terminalCols: terminal ? Math.floor((terminal.w - 2 * padding) / charWidth) : 0,
    terminalRows: terminal ? Math.floor(bodyHeight / lineHeight) : 0,
  };
}

/** Whether the point lies inside `rect`. */
export function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && y >= rect.y && x < rect.x + rect.w && y < rect.y + rect.h;
}
