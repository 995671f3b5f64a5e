/**
 * Carries out the model's actions on the VM through Orgo, mapping model
 * coordinates to the VM's screen. Orgo has no mouse move, middle click or
 * horizontal scroll: those come back as errors the model reads, never as a
 * guess. Execution stops at the first failure; a failure after which the
 * action may still have happened (timeout, 500) is reported as such and
 * never retried here.
 */
import { type OrgoClient, OrgoError } from "../orgo/index.ts";
import { type ComputerAction, DELIVER_FILE_TOOL, REMEMBER_TOOL } from "./model/index.ts";
import { type Size, toVmPoint } from "./scale.ts";
import type { ActionOutcome } from "./steps.ts";

/** Hands a file on the desktop to the customer (`deliver_file`); its outcome is the step's. */
export type DeliverFile = (
  action: Extract<ComputerAction, { action: "deliver_file" }>,
  signal: AbortSignal,
) => Promise<ActionOutcome>;

export type PerformTarget = {
  computerId: string;
  display: Size;
  vm: Size;
  /** Absent: deliveries are answered as unavailable. */
  deliver?: DeliverFile;
  /** Keeps a note for the employee's next tasks (`remember`); absent, answered as unavailable. */
  remember?: (action: Extract<ComputerAction, { action: "remember" }>) => Promise<ActionOutcome>;
};

/** A `type_secret` action as the model asked for it: a login's label and a field, no value. */
export type SecretRequest = Extract<ComputerAction, { action: "type_secret" }>;

/**
 * Resolves a login's field at the moment it is typed (see `logins.ts`): the
 * value goes from here to Orgo's `type` and nowhere else.
 */
export type SecretSource = (
  request: SecretRequest,
  signal: AbortSignal,
) => Promise<
  | { ok: true; value: string }
  | { ok: false; reason: string; approval?: { id: string; summary: string } }
>;

/**
 * Hooks around each action of a batch, so the step can record how far it
 * got (exactly once per action, see `steps.ts` `stepProgressStatement`).
 */
export type BatchProgress = {
  /** Index of the first action to perform; the outcomes of the earlier ones. Default 0, none. */
  from?: number;
  done?: ActionOutcome[];
  /** Before action `index` is sent (`outcomes`: those performed so far). */
  before: (index: number, outcomes: readonly ActionOutcome[]) => Promise<void>;
  /** After action `index` succeeded, when another follows. */
  after: (index: number, outcomes: readonly ActionOutcome[]) => Promise<void>;
};

/**
 * Performs `actions` in order, from `progress.from`; returns one outcome per
 * action attempted (the earlier ones' included). Stops at the first failure.
 */
export async function performActions(
  orgo: OrgoClient,
  target: PerformTarget,
  actions: readonly ComputerAction[],
  signal: AbortSignal,
  secrets?: SecretSource,
  progress?: BatchProgress,
): Promise<ActionOutcome[]> {
  const from = progress?.from ?? 0;
  const outcomes: ActionOutcome[] = [...(progress?.done ?? [])].slice(0, from);
  for (let i = from; i < actions.length; i++) {
    signal.throwIfAborted();
    await progress?.before(i, outcomes);
    const outcome = await performOne(orgo, target, actions[i]!, signal, secrets);
    outcomes.push(outcome);
    if (!outcome.ok) break;
    if (i < actions.length - 1) await progress?.after(i, outcomes);
  }
  return outcomes;
}

async function performOne(
  orgo: OrgoClient,
  { computerId, display, vm, deliver, remember }: PerformTarget,
  action: ComputerAction,
  signal: AbortSignal,
  secrets: SecretSource | undefined,
): Promise<ActionOutcome> {
  const at = (point: [number, number]) => toVmPoint(point, display, vm);
  const call = { signal };
  const unsupported = (what: string): ActionOutcome => ({
    ok: false,
    error: `${what} is not available on this desktop; use clicks, typing, keys and vertical scrolling`,
    maybePerformed: false,
  });
  try {
    switch (action.action) {
      case "screenshot":
      case "zoom":
        // The screenshot taken after every step is the answer.
        return { ok: true };
      case "left_click":
      case "right_click":
      case "double_click":
        await orgo.click(
          computerId,
          {
            ...at(action.coordinate),
            button: action.action === "right_click" ? "right" : "left",
            double: action.action === "double_click",
          },
          call,
        );
        return action.text
          ? { ok: true, note: `clicked without holding ${action.text} (not supported)` }
          : { ok: true };
      case "triple_click": {
        const point = at(action.coordinate);
        await orgo.click(computerId, { ...point, double: true }, call);
        await orgo.click(computerId, point, call);
        return { ok: true };
      }
      case "middle_click":
        return unsupported("Middle click");
      case "mouse_move":
        return unsupported("Moving the mouse without clicking");
      case "left_click_drag": {
        const start = at(action.start_coordinate);
        const end = at(action.coordinate);
        await orgo.drag(
          computerId,
          { startX: start.x, startY: start.y, endX: end.x, endY: end.y },
          call,
        );
        return { ok: true };
      }
      case "type":
        await orgo.type(computerId, action.text, call);
        return { ok: true };
      case "key":
        await orgo.key(computerId, action.text, call);
        return { ok: true };
      case "type_secret": {
        if (!secrets)
          return { ok: false, error: "No stored logins are available", maybePerformed: false };
        const resolved = await secrets(action, signal);
        if (!resolved.ok)
          return {
            ok: false,
            error: resolved.reason,
            maybePerformed: false,
            ...(resolved.approval ? { awaitingApproval: resolved.approval } : {}),
          };
        await orgo.type(computerId, resolved.value, call);
        return { ok: true, note: "typed without showing it" };
      }
      case "scroll": {
        if (action.scroll_direction !== "up" && action.scroll_direction !== "down")
          return unsupported("Horizontal scrolling");
        await orgo.scroll(
          computerId,
          {
            direction: action.scroll_direction,
            amount: Math.min(100, Math.max(1, action.scroll_amount)),
            ...(action.coordinate ? at(action.coordinate) : {}),
          },
          call,
        );
        return { ok: true };
      }
      case "wait":
        await orgo.wait(computerId, Math.min(60, action.duration), call);
        return { ok: true };
      case "deliver_file":
        if (!deliver)
          return { ok: false, error: "Delivering files is not available", maybePerformed: false };
        return await deliver(action, signal);
      case "remember":
        if (!remember)
          return { ok: false, error: "Notes are not available", maybePerformed: false };
        return await remember(action);
      case "unsupported":
        if (action.name === REMEMBER_TOOL)
          return { ok: false, error: "remember needs a note", maybePerformed: false };
        if (action.name === DELIVER_FILE_TOOL)
          return {
            ok: false,
            error: "deliver_file needs a path (inside /home/user) and a title",
            maybePerformed: false,
          };
        return unsupported(`The action "${action.name}"`);
    }
  } catch (error) {
    if (signal.aborted) throw error;
    if (!(error instanceof OrgoError)) throw error;
    return { ok: false, error: error.message, maybePerformed: error.maybePerformed };
  }
}
