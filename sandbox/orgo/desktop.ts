import { insertText, scrollBy } from "./editor.ts";
import { pressKey } from "./keys.ts";
import { contains, type DesktopLayout } from "./layout.ts";
import {
  clickOnPage,
  type LoginPage,
  type LoginSite,
  openPage,
  pressOnPage,
  typeOnPage,
} from "./login-page.ts";
import type { VmFs } from "./vm-fs.ts";

/** A screen position in pixels. */
export type Point = { x: number; y: number };

/**
 * What is on a computer's screen. Everything the renderer draws comes from
 * here, so equal states render byte-identical PNGs.
 */
export type DesktopState = {
  /** The editor's document, one entry per line; the caret is always at its end. */
  lines: string[];
  /** First document line shown in the editor. */
  scroll: number;
  cursor: Point;
  /** How far the editor window has been dragged from its home position. */
  windowOffset: Point;
  terminal: string[];
  selectAll: boolean;
  /** Where a right click opened the context menu, until the next action. */
  menu: Point | null;
  clipboard: string;
  steps: number;
  lastAction: string;
  /** When the screen last changed; the status bar clock shows it. */
  changedAt: number;
  /** A sign-in page shown in the editor's window (see `login-page.ts`), else null. */
  page: LoginPage | null;
  /** The address being typed after Ctrl+L, until Return or Escape; else null. */
  address: string | null;
};

/** One input to the desktop, already validated. */
export type DesktopAction =
  | { type: "click"; x: number; y: number; button: "left" | "right"; double: boolean }
  | { type: "drag"; startX: number; startY: number; endX: number; endY: number }
  | { type: "type"; text: string }
  | { type: "key"; key: string }
  | { type: "scroll"; direction: "up" | "down"; amount: number; x?: number; y?: number }
  | { type: "wait"; seconds: number }
  | { type: "terminal"; prompt: string; input: string; output: string };

/** What applying an action may touch besides the screen. */
export type DesktopContext = {
  layout: DesktopLayout;
  now: number;
  fs: VmFs;
  /** Sign-in sites an address typed after Ctrl+L can open. */
  sites?: readonly LoginSite[];
};

const MAX_TERMINAL_LINES = 500;
const SCROLL_LINES_PER_NOTCH = 3;

/** A freshly booted desktop: empty editor, pointer in the middle of the screen. */
export function createDesktop(layout: DesktopLayout, now: number): DesktopState {
  return {
    lines: [""],
    scroll: 0,
    cursor: { x: Math.floor(layout.width / 2), y: Math.floor(layout.height / 2) },
    windowOffset: { x: 0, y: 0 },
    terminal: [],
    selectAll: false,
    menu: null,
    clipboard: "",
    steps: 0,
    lastAction: "boot",
    changedAt: now,
    page: null,
    address: null,
  };
}

/** Applies one action to `desktop` in place; every action counts as a step. */
export function applyAction(desktop: DesktopState, action: DesktopAction, ctx: DesktopContext) {
  desktop.steps += 1;
  desktop.changedAt = ctx.now;
  desktop.menu = null;
  if (action.type !== "key" && action.type !== "type") desktop.selectAll = false;
  switch (action.type) {
    case "click":
      desktop.cursor = { x: action.x, y: action.y };
      if (desktop.page && action.button === "left")
        clickOnPage(desktop.page, pageRow(desktop, action.y, ctx.layout));
      if (action.button === "right") desktop.menu = { x: action.x, y: action.y };
      desktop.lastAction = `${action.double ? "double " : ""}${action.button} click ${action.x},${action.y}`;
      return;
    case "drag":
      drag(desktop, action, ctx.layout);
      return;
    case "type":
      if (desktop.address !== null) desktop.address += action.text.replace(/[\r\n]/g, "");
      else if (desktop.page) typeOnPage(desktop.page, action.text, ctx.now);
      else insertText(desktop, action.text, ctx.layout);
      desktop.lastAction = `type ${action.text.length} chars`;
      return;
    case "key":
      if (!pressBrowserKey(desktop, action.key, ctx)) pressKey(desktop, action.key, ctx);
      desktop.lastAction = `key ${action.key}`;
      return;
    case "scroll":
      if (action.x !== undefined && action.y !== undefined)
        desktop.cursor = { x: action.x, y: action.y };
      scrollBy(
        desktop,
        (action.direction === "down" ? 1 : -1) * action.amount * SCROLL_LINES_PER_NOTCH,
      );
      desktop.lastAction = `scroll ${action.direction} ${action.amount}`;
      return;
    case "wait":
      desktop.lastAction = `wait ${action.seconds}s`;
      return;
    case "terminal":
      appendTerminal(desktop, action);
      desktop.lastAction = action.prompt === "$" ? "bash" : "exec";
      return;
  }
}

/** Ctrl+L, the address being typed, and the page's own keys; false when the key is the editor's. */
function pressBrowserKey(desktop: DesktopState, key: string, ctx: DesktopContext): boolean {
  const k = key.toLowerCase();
  if (k === "ctrl+l") {
    desktop.address = "";
    return true;
  }
  if (desktop.address !== null) {
    if (k === "return" || k === "kp_enter") {
      const page = openPage(ctx.sites ?? [], desktop.address);
      if (page) desktop.page = page;
      desktop.address = null;
    } else if (k === "escape") desktop.address = null;
    else if (k === "backspace") desktop.address = desktop.address.slice(0, -1);
    return true;
  }
  if (desktop.page && k === "ctrl+w") {
    desktop.page = null;
    return true;
  }
  return desktop.page ? pressOnPage(desktop.page, key, ctx.now) : false;
}

/** The page row under screen row `y` of the editor window. */
function pageRow(desktop: DesktopState, y: number, layout: DesktopLayout): number {
  const top = layout.editor.y + desktop.windowOffset.y + layout.titleHeight + layout.padding;
  return Math.floor((y - top) / layout.lineHeight);
}

function drag(
  desktop: DesktopState,
  action: Extract<DesktopAction, { type: "drag" }>,
  layout: DesktopLayout,
) {
  const { editor, titleHeight, width, height, statusBar } = layout;
  const titleBar = {
    x: editor.x + desktop.windowOffset.x,
    y: editor.y + desktop.windowOffset.y,
    w: editor.w,
    h: titleHeight,
  };
  if (contains(titleBar, action.startX, action.startY)) {
    // Keep a grabbable piece of the title bar on screen, like a window manager does.
    const x = clamp(titleBar.x + action.endX - action.startX, 60 - editor.w, width - 60);
    const y = clamp(titleBar.y + action.endY - action.startY, statusBar.h, height - titleHeight);
    desktop.windowOffset = { x: x - editor.x, y: y - editor.y };
  }
  desktop.cursor = { x: action.endX, y: action.endY };
  desktop.lastAction = `drag ${action.startX},${action.startY} to ${action.endX},${action.endY}`;
}

function appendTerminal(
  desktop: DesktopState,
  action: Extract<DesktopAction, { type: "terminal" }>,
) {
  const [first = "", ...rest] = action.input.split("\n");
  desktop.terminal.push(`${action.prompt} ${first}`, ...rest.map((line) => `  ${line}`));
  const output = action.output.endsWith("\n") ? action.output.slice(0, -1) : action.output;
  if (output.length > 0) desktop.terminal.push(...output.split("\n"));
  if (desktop.terminal.length > MAX_TERMINAL_LINES) {
    desktop.terminal.splice(0, desktop.terminal.length - MAX_TERMINAL_LINES);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
