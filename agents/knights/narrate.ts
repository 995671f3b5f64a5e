/**
 * A knight's step in plain words, for the customer: "Typed “9–5”",
 * "Pressed Enter", "Looked at the screen" — or the knight's own sentence
 * about the step when it wrote one ("Opening the hours form"). Used by the
 * progress message in Telegram (in the reader's language) and by the
 * dashboard's timeline, which keeps the raw action one click away.
 */
import { clipWords } from "../../approvals/index.ts";
import { catalogue, type Locale } from "../../i18n/index.ts";
import type { ComputerAction } from "./model/types.ts";
import type { StepParams } from "./steps.ts";

type Args = Record<string, string | number>;

/** One action in the locale's words. */
export function narrateAction(action: ComputerAction, locale: Locale): string {
  const t = (key: string, args?: Args) => catalogue().t(locale, key, args);
  switch (action.action) {
    case "left_click":
    case "middle_click":
    case "triple_click":
      return t("step-click");
    case "double_click":
      return t("step-double-click");
    case "right_click":
      return t("step-right-click");
    case "mouse_move":
      return t("step-move");
    case "left_click_drag":
      return t("step-drag");
    case "type":
      return t("step-type", { text: clipWords(action.text, 60) });
    case "key":
      return t("step-key", { key: keyName(action.text) });
    case "scroll":
      return t("step-scroll", { direction: action.scroll_direction });
    case "wait":
      return t("step-wait", { seconds: action.duration });
    case "screenshot":
      return t("step-look");
    case "zoom":
      return t("step-zoom");
    case "type_secret":
      return t("step-secret", { login: clipWords(action.login, 60) });
    case "deliver_file":
      return t("step-deliver", {
        file: clipWords(action.path.split("/").at(-1) ?? action.path, 60),
      });
    default:
      return t("step-other");
  }
}

/** A whole step: the knight's own words when it gave some, else its actions narrated. */
export function narrateStep(
  params: Pick<StepParams, "kind" | "actions" | "text" | "by">,
  locale: Locale,
): string {
  const t = (key: string, args?: Args) => catalogue().t(locale, key, args);
  switch (params.kind) {
    case "finish":
      return t("step-finish");
    case "ask":
      return t("step-ask");
    case "help":
      return t("step-help");
    case "customer":
      return t("step-customer", { name: params.by?.name ?? "?" });
    case "answer":
      return t("step-answer");
    case "handback":
      return t("step-handback");
  }
  const said = params.text?.trim();
  if (said) return clipWords(said, 120);
  const actions = params.actions ?? [];
  return actions.length ? actions.map((a) => narrateAction(a, locale)).join(", ") : t("step-other");
}

/** xdotool key names as a keyboard shows them: "Return" → "Enter", "ctrl+s" → "Ctrl+S". */
function keyName(keys: string): string {
  const names: Record<string, string> = {
    return: "Enter",
    kp_enter: "Enter",
    escape: "Esc",
    backspace: "Backspace",
    tab: "Tab",
    ctrl: "Ctrl",
    control: "Ctrl",
    alt: "Alt",
    shift: "Shift",
    super: "Super",
    delete: "Delete",
    page_down: "Page Down",
    page_up: "Page Up",
  };
  return keys
    .split(/\s+/)
    .map((combo) =>
      combo
        .split("+")
        .map((k) => names[k.toLowerCase()] ?? (k.length === 1 ? k.toUpperCase() : k))
        .join("+"),
    )
    .join(" ");
}
