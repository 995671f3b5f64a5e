import type { ComputerAction, ComputerActionName } from "../types.ts";

/** An action of OpenAI's `computer_call`. */
export type OpenAIComputerAction =
  | { type: "screenshot" }
  | { type: "click"; button: "left" | "right" | "wheel"; x: number; y: number }
  | { type: "double_click"; x: number; y: number; keys: null }
  | { type: "move"; x: number; y: number }
  | { type: "drag"; path: Array<{ x: number; y: number }> }
  | { type: "type"; text: string }
  | { type: "keypress"; keys: string[] }
  | { type: "scroll"; x: number; y: number; scroll_x: number; scroll_y: number }
  | { type: "wait" };

/** Anthropic actions OpenAI's computer tool can express. */
export const OPENAI_COMPUTER_ACTIONS: ReadonlySet<ComputerActionName> = new Set<ComputerActionName>(
  [
    "screenshot",
    "left_click",
    "right_click",
    "middle_click",
    "double_click",
    "mouse_move",
    "left_click_drag",
    "type",
    "key",
    "scroll",
    "wait",
  ],
);

const KEY_NAMES: Record<string, string> = {
  return: "ENTER",
  enter: "ENTER",
  kp_enter: "ENTER",
  ctrl: "CTRL",
  control: "CTRL",
  alt: "ALT",
  shift: "SHIFT",
  super: "META",
  cmd: "CMD",
  escape: "ESC",
  esc: "ESC",
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
};

const SCROLL_STEP_PX = 100;

/** Translates a scripted (Anthropic-vocabulary) action to OpenAI's; xdotool keys become OpenAI key names. */
export function toOpenAIAction(action: ComputerAction): OpenAIComputerAction {
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
      return { type: "double_click", x: action.coordinate[0], y: action.coordinate[1], keys: null };
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
        keys: action.text.split("+").map((k) => KEY_NAMES[k.toLowerCase()] ?? k.toUpperCase()),
      };
    case "scroll": {
      const amount = action.scroll_amount * SCROLL_STEP_PX;
      const [dx, dy] = {
        up: [0, -amount],
        down: [0, amount],
        left: [-amount, 0],
        right: [amount, 0],
      }[action.scroll_direction];
      return {
        type: "scroll",
        x: action.coordinate[0],
        y: action.coordinate[1],
        scroll_x: dx!,
        scroll_y: dy!,
      };
    }
    case "wait":
      return { type: "wait" };
    default:
      return { type: "screenshot" };
  }
}
