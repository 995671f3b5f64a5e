/** Translation between Anthropic's computer vocabulary (ours) and OpenAI's `computer_call` actions. */
import type { ComputerAction } from "./types.ts";

const SCROLL_STEP_PX = 100;

// OpenAI key names → xdotool names (what Orgo's `/key` takes).
const TO_XDOTOOL: Record<string, string> = {
  ENTER: "Return",
  RETURN: "Return",
  ESC: "Escape",
  ESCAPE: "Escape",
  BACKSPACE: "BackSpace",
  TAB: "Tab",
  SPACE: "space",
  DELETE: "Delete",
  ARROWUP: "Up",
  ARROWDOWN: "Down",
  ARROWLEFT: "Left",
  ARROWRIGHT: "Right",
  UP: "Up",
  DOWN: "Down",
  LEFT: "Left",
  RIGHT: "Right",
  PAGEUP: "Page_Up",
  PAGEDOWN: "Page_Down",
  HOME: "Home",
  END: "End",
  CTRL: "ctrl",
  CONTROL: "ctrl",
  ALT: "alt",
  SHIFT: "shift",
  META: "super",
  CMD: "super",
  SUPER: "super",
  WIN: "super",
};
const FROM_XDOTOOL: Record<string, string> = {
  return: "ENTER",
  enter: "ENTER",
  escape: "ESC",
  backspace: "BACKSPACE",
  tab: "TAB",
  space: "SPACE",
  delete: "DELETE",
  up: "ARROWUP",
  down: "ARROWDOWN",
  left: "ARROWLEFT",
  right: "ARROWRIGHT",
  page_up: "PAGEUP",
  page_down: "PAGEDOWN",
  home: "HOME",
  end: "END",
  ctrl: "CTRL",
  alt: "ALT",
  shift: "SHIFT",
  super: "META",
};

type Item = Record<string, unknown>;
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** Reads one OpenAI computer action as ours. */
export function fromOpenAIAction(raw: unknown): ComputerAction {
  const a = (raw && typeof raw === "object" ? raw : {}) as Item;
  const at: [number, number] = [num(a.x), num(a.y)];
  switch (a.type) {
    case "screenshot":
      return { action: "screenshot" };
    case "click": {
      const button =
        a.button === "right" ? "right_click" : a.button === "wheel" ? "middle_click" : "left_click";
      return { action: button, coordinate: at };
    }
    case "double_click":
      return { action: "double_click", coordinate: at };
    case "move":
      return { action: "mouse_move", coordinate: at };
    case "drag": {
      const path = Array.isArray(a.path) ? (a.path as Item[]) : [];
      const first = path[0];
      const last = path.at(-1);
      if (!first || !last) return { action: "unsupported", name: "drag", input: raw };
      return {
        action: "left_click_drag",
        start_coordinate: [num(first.x), num(first.y)],
        coordinate: [num(last.x), num(last.y)],
      };
    }
    case "type":
      return typeof a.text === "string" && a.text
        ? { action: "type", text: a.text }
        : { action: "unsupported", name: "type", input: raw };
    case "keypress": {
      const keys = Array.isArray(a.keys) ? a.keys.map(String) : [];
      if (keys.length === 0) return { action: "unsupported", name: "keypress", input: raw };
      const text = keys
        .map((k) => TO_XDOTOOL[k.toUpperCase()] ?? (k.length === 1 ? k.toLowerCase() : k))
        .join("+");
      return { action: "key", text };
    }
    case "scroll": {
      const dx = num(a.scroll_x);
      const dy = num(a.scroll_y);
      const vertical = Math.abs(dy) >= Math.abs(dx);
      const delta = vertical ? dy : dx;
      const direction = vertical ? (delta < 0 ? "up" : "down") : delta < 0 ? "left" : "right";
      return {
        action: "scroll",
        coordinate: at,
        scroll_direction: direction,
        scroll_amount: Math.max(1, Math.round(Math.abs(delta) / SCROLL_STEP_PX)),
      };
    }
    case "wait":
      return { action: "wait", duration: 2 };
    default:
      return { action: "unsupported", name: String(a.type ?? "unknown"), input: raw };
  }
}

/** Our action as an OpenAI `computer_call` action (for replaying history). */
export function toOpenAIAction(action: ComputerAction): Item {
  switch (action.action) {
    case "left_click":
    case "right_click":
    case "middle_click": {
      const button =
        action.action === "left_click"
          ? "left"
          : action.action === "right_click"
            ? "right"
            : "wheel";
      return { type: "click", button, x: action.coordinate[0], y: action.coordinate[1] };
    }
    case "double_click":
    case "triple_click":
      return { type: "double_click", x: action.coordinate[0], y: action.coordinate[1] };
    case "mouse_move":
      return { type: "move", x: action.coordinate[0], y: action.coordinate[1] };
    case "left_click_drag":
      return {
        type: "drag",
        path: [
          { x: action.start_coordinate[0], y: action.start_coordinate[1] },
          { x: action.coordinate[0], y: action.coordinate[1] },
        ],
      };
    case "type":
      return { type: "type", text: action.text };
    case "key":
      return {
        type: "keypress",
        keys: action.text.split("+").map((k) => FROM_XDOTOOL[k.toLowerCase()] ?? k.toUpperCase()),
      };
    case "scroll": {
      const amount = action.scroll_amount * SCROLL_STEP_PX;
      const [dx, dy] = {
        up: [0, -amount],
        down: [0, amount],
        left: [-amount, 0],
        right: [amount, 0],
      }[action.scroll_direction] as [number, number];
      const [x, y] = action.coordinate ?? [0, 0];
      return { type: "scroll", x, y, scroll_x: dx, scroll_y: dy };
    }
    case "wait":
      return { type: "wait" };
    default:
      return { type: "screenshot" };
  }
}
