import type { DesktopContext, DesktopState } from "./desktop.ts";
import { deleteBackward, insertText, scrollBy, scrollToCaret } from "./editor.ts";
import { HOME, resolvePath } from "./vm-fs.ts";

/** Where Ctrl+S saves the editor's document on the VM's disk. */
export const NOTES_PATH = "/home/user/Desktop/notes.txt";

// xdotool keysym names for characters that cannot be written as themselves.
const KEYSYM_CHARS: Record<string, string> = {
  space: " ",
  minus: "-",
  plus: "+",
  period: ".",
  comma: ",",
  slash: "/",
  backslash: "\\",
  colon: ":",
  semicolon: ";",
  equal: "=",
  underscore: "_",
  at: "@",
  exclam: "!",
  question: "?",
  apostrophe: "'",
  quotedbl: '"',
  parenleft: "(",
  parenright: ")",
  numbersign: "#",
  dollar: "$",
  percent: "%",
  ampersand: "&",
  asterisk: "*",
};

/** Whether `key` reads as an xdotool key or chord such as `Return`, `ctrl+shift+t`, `F1`, `/`. */
export function isValidKey(key: string): boolean {
  if (key.length === 1) return key >= " " && key <= "~";
  return key.split("+").every((part) => /^[A-Za-z0-9_]+$/.test(part) || /^[!-~]$/.test(part));
}

/** Presses an xdotool key or chord on the desktop; unknown keys change nothing but the step. */
export function pressKey(desktop: DesktopState, key: string, ctx: DesktopContext) {
  const parts = key.length === 1 ? [key] : key.split("+");
  const name = parts.at(-1)!;
  const modifiers = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  const ctrl = modifiers.has("ctrl") || modifiers.has("control");
  const selecting = ctrl && name.toLowerCase() === "a";
  const keepSelection = ctrl && name.toLowerCase() === "c";
  if (desktop.saveAs !== null) return pressInSaveAs(desktop, name, ctx);
  if (ctrl && modifiers.has("shift") && name.toLowerCase() === "s") desktop.saveAs = "";
  else if (ctrl) pressChord(desktop, name.toLowerCase(), ctx);
  else if (!modifiers.has("alt") && !modifiers.has("super"))
    pressPlain(desktop, name, modifiers.has("shift"), ctx);
  if (!selecting && !keepSelection && !["backspace", "delete"].includes(name.toLowerCase())) {
    desktop.selectAll = false;
  }
}

/** Keys while the "Save as" prompt is open: Return saves, Escape closes, BackSpace edits. */
function pressInSaveAs(desktop: DesktopState, name: string, { fs }: DesktopContext) {
  const lower = name.toLowerCase();
  const typed = desktop.saveAs ?? "";
  if (lower === "return" || lower === "enter" || lower === "kp_enter") {
    const path = typed.trim() ? resolvePath(HOME, typed.trim()) : NOTES_PATH;
    if (path.startsWith(`${HOME}/`) && !fs.isDir(path))
      fs.write(path, Buffer.from(desktop.lines.join("\n")));
    desktop.saveAs = null;
  } else if (lower === "escape") desktop.saveAs = null;
  else if (lower === "backspace") desktop.saveAs = typed.slice(0, -1);
  else if (name.length === 1) desktop.saveAs = typed + name;
  else if (KEYSYM_CHARS[lower] !== undefined) desktop.saveAs = typed + KEYSYM_CHARS[lower];
}

function pressChord(desktop: DesktopState, name: string, { layout, fs }: DesktopContext) {
  const documentText = () => desktop.lines.join("\n");
  switch (name) {
    case "a":
      desktop.selectAll = true;
      return;
    case "c":
      if (desktop.selectAll) desktop.clipboard = documentText();
      return;
    case "x":
      if (desktop.selectAll) {
        desktop.clipboard = documentText();
        deleteBackward(desktop, layout);
      }
      return;
    case "v":
      insertText(desktop, desktop.clipboard, layout);
      return;
    case "s":
      fs.write(NOTES_PATH, Buffer.from(documentText()));
      return;
    case "home":
      desktop.scroll = 0;
      return;
    case "end":
      scrollToCaret(desktop, layout);
      return;
  }
}

function pressPlain(
  desktop: DesktopState,
  name: string,
  shift: boolean,
  { layout }: DesktopContext,
) {
  const lower = name.toLowerCase();
  if (lower === "return" || lower === "enter" || lower === "kp_enter") {
    insertText(desktop, "\n", layout);
  } else if (lower === "backspace") {
    deleteBackward(desktop, layout);
  } else if (lower === "delete") {
    // The caret sits at the end of the document, so Delete only clears a selection.
    if (desktop.selectAll) deleteBackward(desktop, layout);
  } else if (lower === "tab") {
    insertText(desktop, "\t", layout);
  } else if (lower === "page_down" || lower === "next") {
    scrollBy(desktop, layout.editorRows);
  } else if (lower === "page_up" || lower === "prior") {
    scrollBy(desktop, -layout.editorRows);
  } else if (name.length === 1) {
    insertText(desktop, shift ? name.toUpperCase() : name, layout);
  } else if (KEYSYM_CHARS[lower] !== undefined) {
    insertText(desktop, KEYSYM_CHARS[lower], layout);
  }
}
