import { DELIVER_FILE_TOOL, deliverFileInput, parseDeliverFile } from "./deliver-file.ts";
import { COMPUTER_TOOL, type ComputerAction, type Point } from "./types.ts";

const CLICKS = new Set([
  "left_click",
  "right_click",
  "middle_click",
  "double_click",
  "triple_click",
  "mouse_move",
]);

const point = (value: unknown): Point | undefined =>
  Array.isArray(value) &&
  value.length === 2 &&
  value.every((n) => typeof n === "number" && Number.isFinite(n))
    ? [value[0] as number, value[1] as number]
    : undefined;

/**
 * Reads a computer action from a tool_use: the beta tool sends
 * `{ action, ...fields }` under the name `computer`, the GA toolset sends the
 * fields under the action's own name. Anything malformed becomes
 * `unsupported`, which the loop answers with an error instead of guessing.
 */
export function parseComputerAction(name: string, input: unknown): ComputerAction {
  const fields = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const action = name === "computer" ? String(fields.action ?? "") : name;
  const bad: ComputerAction = { action: "unsupported", name: action || name, input };
  if (action === "type_secret") {
    const field = fields.field;
    const login =
      typeof fields.login === "string" && fields.login.trim()
        ? fields.login.trim().slice(0, 120)
        : field === "one_time_code"
          ? "one-time code"
          : "";
    if (
      !login ||
      (field !== "username" &&
        field !== "password" &&
        field !== "totp" &&
        field !== "one_time_code")
    )
      return bad;
    return { action, login, field, ...(fields.visible === true ? { visible: true } : {}) };
  }
  if (action === "screenshot") return { action };
  if (CLICKS.has(action)) {
    const coordinate = point(fields.coordinate);
    if (!coordinate) return bad;
    return {
      action: action as "left_click",
      coordinate,
      ...(typeof fields.text === "string" && fields.text ? { text: fields.text } : {}),
    };
  }
  if (action === "left_click_drag") {
    const start = point(fields.start_coordinate);
    const end = point(fields.coordinate);
    return start && end ? { action, start_coordinate: start, coordinate: end } : bad;
  }
  if (action === "type" || action === "key") {
    return typeof fields.text === "string" && fields.text ? { action, text: fields.text } : bad;
  }
  if (action === "scroll") {
    const direction = fields.scroll_direction;
    if (direction !== "up" && direction !== "down" && direction !== "left" && direction !== "right")
      return bad;
    const coordinate = point(fields.coordinate);
    const amount = Number(fields.scroll_amount ?? 3);
    return {
      action,
      scroll_direction: direction,
      scroll_amount: Number.isFinite(amount) && amount > 0 ? Math.round(amount) : 3,
      ...(coordinate ? { coordinate } : {}),
    };
  }
  if (action === "wait") {
    const duration = Number(fields.duration ?? 1);
    return { action, duration: Number.isFinite(duration) ? Math.max(0, duration) : 1 };
  }
  if (action === "zoom") {
    const region = fields.region;
    return Array.isArray(region) && region.length === 4 && region.every(Number.isFinite)
      ? { action, region: region as [number, number, number, number] }
      : bad;
  }
  return bad;
}

/** The tool_use input that represents an action in the neutral conversation. */
export function actionInput(action: ComputerAction): Record<string, unknown> {
  return action.action === "deliver_file" ? deliverFileInput(action) : { ...action };
}

/** The tool_use name an action travels under: `computer`, or `deliver_file` for a delivery. */
export function actionToolName(action: ComputerAction): string {
  return action.action === "deliver_file" ? DELIVER_FILE_TOOL : COMPUTER_TOOL;
}

/** Reads any tool_use the knight's model sent: a delivery or a computer action. */
export function parseToolUse(name: string, input: unknown): ComputerAction {
  return name === DELIVER_FILE_TOOL ? parseDeliverFile(input) : parseComputerAction(name, input);
}

/** One line for logs, status messages and the folded history ("left_click (640, 400)"). */
export function describeAction(action: ComputerAction): string {
  switch (action.action) {
    case "type":
      return `type "${action.text.length > 40 ? `${action.text.slice(0, 39)}…` : action.text}"`;
    case "key":
      return `key ${action.text}`;
    case "type_secret":
      return action.field === "one_time_code"
        ? "type the customer's one-time code"
        : `type the ${action.field} of "${action.login}"`;
    case "left_click_drag":
      return `drag (${action.start_coordinate.join(", ")}) → (${action.coordinate.join(", ")})`;
    case "scroll":
      return `scroll ${action.scroll_direction} ${action.scroll_amount}`;
    case "wait":
      return `wait ${action.duration}s`;
    case "deliver_file":
      return `deliver ${action.path}`;
    case "zoom":
    case "screenshot":
      return action.action;
    case "unsupported":
      return `unsupported ${action.name}`;
    default:
      return `${action.action} (${action.coordinate.join(", ")})`;
  }
}
