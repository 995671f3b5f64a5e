/**
 * How the knight hears about a take-over: while it was paused a person held
 * the desktop's controls, and their actions and their note on handing back
 * are steps of their own. The model must know what changed on its screen
 * and why, in its own coordinates (the person acted on the VM's screen,
 * which the model may see scaled down). What a person typed is never
 * repeated: it may be a password, so only its length is told.
 */
import { describeAction } from "./model/index.ts";
import type { Size } from "./scale.ts";
import type { StepRow } from "./steps.ts";

/** One line for a customer's step (`customer` or `handback`), as the model reads it. */
export function describeCustomerStep(step: StepRow, display: Size): string {
  const who = step.params.by?.name || "The customer";
  if (step.params.kind === "handback") {
    const note = step.params.text?.trim();
    return [
      `${who} handed the controls back to you.`,
      note ? `Their note: "${note}"` : "They left no note.",
      "Carry on with the task from the screen as it is now.",
    ].join(" ");
  }
  const from = step.params.display ?? display;
  const scale = ([x, y]: [number, number]): [number, number] => [
    Math.round((x * display.width) / from.width),
    Math.round((y * display.height) / from.height),
  ];
  const what = (step.params.actions ?? []).map((action) => {
    switch (action.action) {
      case "left_click":
      case "right_click":
      case "double_click":
        return describeAction({ ...action, coordinate: scale(action.coordinate) });
      case "scroll":
        return `${describeAction(action)}${action.coordinate ? ` at (${scale(action.coordinate).join(", ")})` : ""}`;
      case "type":
        return `typed ${action.text.length} characters (not shown)`;
      default:
        return describeAction(action);
    }
  });
  const outcome = step.status === "done" ? "" : " (it failed)";
  return `While you were paused, ${who} took the controls and did: ${what.join(", ") || "nothing"}${outcome}.`;
}

/** The knight's own `request_help`, as it reads it back. */
export function helpLine(step: StepRow): string {
  return `(You called request_help${step.params.reason ? ` (${step.params.reason})` : ""}: "${step.params.text ?? ""}". The task paused until the customer stepped in.)`;
}
