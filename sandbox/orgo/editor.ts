import type { DesktopState } from "./desktop.ts";
import type { DesktopLayout } from "./layout.ts";

const MAX_LINES = 5_000;
/** The editor page is at least this long, so scrolling moves it even when nearly empty. */
export const MIN_PAGE_LINES = 100;

/** Types `text` at the caret, replacing the document when everything is selected. */
export function insertText(desktop: DesktopState, text: string, layout: DesktopLayout) {
  if (desktop.selectAll) {
    desktop.lines = [""];
    desktop.selectAll = false;
  }
  const lines = desktop.lines;
  for (const char of text.replaceAll("\r\n", "\n").replaceAll("\t", "    ")) {
    if (char === "\n") {
      if (lines.length < MAX_LINES) lines.push("");
    } else if (char !== "\r") {
      lines[lines.length - 1] += char;
    }
  }
  scrollToCaret(desktop, layout);
}

/** Deletes the character before the caret, or the whole selection. */
export function deleteBackward(desktop: DesktopState, layout: DesktopLayout) {
  if (desktop.selectAll) {
    desktop.lines = [""];
    desktop.selectAll = false;
  } else {
    const last = desktop.lines.length - 1;
    if (desktop.lines[last]!.length > 0) desktop.lines[last] = desktop.lines[last]!.slice(0, -1);
    else if (last > 0) desktop.lines.pop();
  }
  scrollToCaret(desktop, layout);
}

/** Moves the editor page by `lines`, staying within the page. */
export function scrollBy(desktop: DesktopState, lines: number) {
  const maxScroll = Math.max(desktop.lines.length, MIN_PAGE_LINES) - 1;
  desktop.scroll = Math.min(maxScroll, Math.max(0, desktop.scroll + lines));
}

/** Scrolls so the caret's line is on screen, as editors do when you type. */
export function scrollToCaret(desktop: DesktopState, layout: DesktopLayout) {
  const caret = desktop.lines.length - 1;
  if (caret < desktop.scroll) desktop.scroll = caret;
  const rowsFromScrollToCaret = () => {
    let rows = 0;
    for (let i = desktop.scroll; i <= caret; i++)
      rows += wrappedRows(desktop.lines[i]!, layout.editorCols);
    return rows;
  };
  while (desktop.scroll < caret && rowsFromScrollToCaret() > layout.editorRows) desktop.scroll += 1;
}

/** How many screen rows a document line takes once wrapped at `cols`. */
export function wrappedRows(line: string, cols: number): number {
  return Math.max(1, Math.ceil(line.length / cols));
}
