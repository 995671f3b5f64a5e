/**
 * Stepping in: a person takes the controls of a knight's desktop, acts on
 * it, and hands it back. Each is ONE operation here, taking the acting
 * principal; the dashboard, the JSON API and the Mini App only parse, call
 * and render.
 *
 * - Take control: one open row per VM in `desktop_controls` (a unique
 *   index, so two people in any processes cannot both hold it) and
 *   `tasks.control_requested_at`, which the knight's loop reads with its
 *   next step's reservation: it pauses there, between steps, never
 *   mid-action. Until it has, the control is `waiting` and actions are
 *   refused.
 * - Act: one click, text, key or scroll through Orgo on the VM's own
 *   coordinates, then a screenshot; the action, its outcome and the screen
 *   after it are a step of the task (kind `customer`, who and when) and an
 *   audit entry, in one transaction, and the screen goes to the live view.
 * - Hand back (with an optional note): a `handback` step, the control
 *   closed, the task re-queued; the knight's next request shows the
 *   person's steps and the note (`takeover-context.ts`).
 *
 * Owners, admins and members may take control; viewers only watch; an
 * owner or admin may also hand back a control someone else left open.
 */
import { createHash, randomUUID } from "node:crypto";
import { audit } from "../../audit/index.ts";
import type { Data } from "../../db/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { OrgoClient } from "../orgo/index.ts";
import { announcementOf, type FramePublisher, type FrameStore } from "./frames.ts";
import type { ComputerAction } from "./model/index.ts";
import { performActions } from "./perform.ts";
import {
  type Access,
  activeTask,
  ControlConflictError,
  ControlForbiddenError,
  type ControlPrincipal,
  controlActive,
  type DesktopTarget,
  desktopAccess,
  type OpenControl,
  openControl,
} from "./takeover-access.ts";
import { recordAction } from "./takeover-record.ts";
import { requeuePausedTask } from "./tasks.ts";
import type { VmManager } from "./vms.ts";

/** One thing a person does on the desktop, in the VM's own pixels. */
export type CustomerAction =
  | { type: "click"; x: number; y: number; button?: "left" | "right"; double?: boolean }
  | { type: "type"; text: string }
  /** A key or combination in xdotool syntax (`Return`, `ctrl+c`). */
  | { type: "key"; key: string }
  | { type: "scroll"; direction: "up" | "down"; amount?: number; x?: number; y?: number };

export type ControlView = {
  employeeId: string;
  vmId: string | null;
  /** The VM's screen size: what click coordinates refer to. */
  screen: { width: number; height: number } | null;
  /** Whether the caller's role may take control. */
  canControl: boolean;
  control: {
    id: string;
    userId: string | null;
    name: string;
    /** `waiting`: the knight finishes its step first; `active`: the desktop is theirs. */
    status: "waiting" | "active";
    mine: boolean;
    actions: number;
    since: string;
  } | null;
};

export type ActResult = {
  seq: number;
  ok: boolean;
  error?: string;
  /** Time spent waiting for Orgo (the action and the screenshot), in ms. */
  orgoMs: number;
  frame: { contentType: string; width: number; height: number; sha256: string; bytes: Buffer };
};

export type DesktopControlDeps = {
  data: Data;
  orgo: OrgoClient;
  vms: VmManager;
  frames: FrameStore;
  publisher: FramePublisher;
  logger: Logger;
  /** Puts a task's job in the queue (the knights' `enqueue`). */
  enqueue: (taskId: string) => Promise<void>;
};

const MAX_NOTE = 2_000;

/** The take-over operations over the knights' database, Orgo and queue. */
export function createDesktopControl(deps: DesktopControlDeps) {
  const { data, orgo } = deps;

  const view = (who: ControlPrincipal, access: Access): ControlView => ({
    employeeId: access.employeeId,
    vmId: access.vm?.id ?? null,
    screen: access.vm?.size ?? null,
    canControl: access.canWrite,
    control: access.control ? describe(access.control, who) : null,
  });

  /** The caller's control of this VM, ready for an action (or why not). */
  const held = (who: ControlPrincipal, access: Access) => {
    if (!access.canWrite) throw new ControlForbiddenError("Viewers can watch but not act");
    const vm = access.vm;
    if (!vm?.providerId || !vm.size) throw new ControlConflictError("no_desktop", "No desktop yet");
    const control = access.control;
    if (!control || control.userId !== who.userId)
      throw new ControlConflictError("not_holding", "Take control first");
    if (!controlActive(control))
      throw new ControlConflictError(
        "waiting",
        "The knight is finishing its step; the desktop is yours in a moment",
      );
    return { control, vm: { id: vm.id, providerId: vm.providerId, size: vm.size } };
  };

  return {
    /** Who holds this employee's desktop, and whether the caller may take it. */
    async state(who: ControlPrincipal, target: DesktopTarget): Promise<ControlView> {
      return view(who, await desktopAccess(data, who, target));
    },

    /** Takes the controls: the knight pauses at its next step boundary. Idempotent for the holder. */
    async take(who: ControlPrincipal, target: DesktopTarget): Promise<ControlView> {
      const access = await desktopAccess(data, who, target);
      if (!access.canWrite)
        throw new ControlForbiddenError("Viewers can watch but not take control");
      const vm = access.vm;
      if (!vm) throw new ControlConflictError("no_desktop", "This employee has no desktop yet");
      await data.asService("takeover: take control", async (tx) => {
        const task = await activeTask(tx, access.employeeId);
        if (!task)
          throw new ControlConflictError("no_task", "Nothing to take over: no task in progress");
        const existing = await openControl(tx, vm.id, { lock: true });
        if (existing) {
          if (existing.userId === who.userId) return;
          throw new ControlConflictError(
            "busy",
            `${existing.userName ?? "Someone"} has the controls right now`,
          );
        }
        // The unique index decides between two people asking at once.
        const { rows } = await tx.query<{ id: string }>(
          `insert into public.desktop_controls (customer_id, employee_id, vm_id, task_id, user_id)
           values ($1, $2, $3, $4, $5)
           on conflict (vm_id) where ended_at is null do nothing returning id`,
          [access.customerId, access.employeeId, vm.id, task.id, who.userId],
        );
        if (!rows[0]) throw new ControlConflictError("busy", "Someone has the controls right now");
        await tx.query(
          "update public.tasks set control_requested_at = now(), updated_at = now() where id = $1",
          [task.id],
        );
        await tx.query("update public.vms set last_activity_at = now() where id = $1", [vm.id]);
        await audit(tx, {
          action: "knights.control_taken",
          targetType: "task",
          targetId: task.id,
          customerId: access.customerId,
          detail: { by: who.userId, employee: access.employeeId, control: rows[0].id },
        });
      });
      // A VM stopped while the task waited (for help) comes back for the person.
      if (vm.status !== "running")
        await deps.vms.ensure(
          { id: access.employeeId, customerId: access.customerId },
          AbortSignal.timeout(180_000),
        );
      return view(who, await desktopAccess(data, who, target));
    },

    /** Performs one action on the desktop the caller controls; returns the screen after it. */
    async act(
      who: ControlPrincipal,
      target: DesktopTarget,
      action: CustomerAction,
    ): Promise<ActResult> {
      const access = await desktopAccess(data, who, target);
      const { control, vm } = held(who, access);
      const computerAction = toComputerAction(action);
      const started = performance.now();
      const [result] = await performActions(
        orgo,
        { computerId: vm.providerId, display: vm.size, vm: vm.size },
        [computerAction],
        AbortSignal.timeout(60_000),
      );
      const actionMs = Math.round(performance.now() - started);
      const shot = await orgo.screenshot(vm.providerId, { signal: AbortSignal.timeout(15_000) });
      const orgoMs = performance.now() - started;
      const ok = result?.ok ?? false;
      const frameId = randomUUID();
      const taskId = control.taskId!;
      const frame = {
        id: frameId,
        customerId: access.customerId,
        taskId,
        vmId: vm.id,
        bytes: shot.bytes,
        contentType: shot.contentType,
        width: shot.width,
        height: shot.height,
      };
      const byName = control.userName ?? "The customer";
      const announcement = announcementOf(deps.publisher, {
        frameId,
        customerId: access.customerId,
        taskId,
        employeeId: access.employeeId,
        vmId: vm.id,
        seq: 0,
        contentType: shot.contentType,
        width: shot.width,
        height: shot.height,
        at: new Date(),
        bytes: shot.bytes,
        source: "customer",
      });
      const seq = await recordAction(data, deps.frames, {
        controlId: control.id,
        frame,
        step: {
          customerId: access.customerId,
          taskId,
          status: ok ? "done" : "failed",
          action: `customer_${action.type}`,
          params: {
            kind: "customer",
            actions: [redact(computerAction)],
            display: vm.size,
            by: { userId: who.userId, name: byName },
          },
          outcome: { results: result ? [result] : [] },
          actionMs,
        },
        audit: { by: who.userId, action: auditable(action), ok, frameId },
        announce: announcement.statements,
      });
      await announcement
        .publish()
        .catch((err) => deps.logger.warn({ err, task: taskId }, "takeover: frame not announced"));
      return {
        seq,
        ok,
        orgoMs,
        ...(result && !result.ok ? { error: result.error } : {}),
        frame: {
          contentType: shot.contentType,
          width: shot.width,
          height: shot.height,
          sha256: createHash("sha256").update(shot.bytes).digest("hex"),
          bytes: shot.bytes,
        },
      };
    },

    /**
     * Hands the controls back with an optional note: the task resumes and the
     * knight's next request carries the note and the person's actions. The
     * holder may, and so may an owner or admin (a control someone left open).
     */
    async handBack(
      who: ControlPrincipal,
      target: DesktopTarget,
      note?: string,
    ): Promise<{ resumed: boolean }> {
      const access = await desktopAccess(data, who, target);
      if (!access.canWrite) throw new ControlForbiddenError("Viewers can watch but not act");
      const vm = access.vm;
      if (!vm) throw new ControlConflictError("not_holding", "Nobody has the controls");
      const text = note?.trim().slice(0, MAX_NOTE) || undefined;
      const requeued = await data.asService("takeover: hand back", async (tx) => {
        const control = await openControl(tx, vm.id, { lock: true });
        if (!control) throw new ControlConflictError("not_holding", "Nobody has the controls");
        if (control.userId !== who.userId && !access.canManage)
          throw new ControlConflictError(
            "busy",
            `${control.userName ?? "Someone else"} has the controls`,
          );
        await tx.query(
          "update public.desktop_controls set ended_at = now(), ended_by = $2, note = $3 where id = $1",
          [control.id, who.userId, text ?? null],
        );
        if (!control.taskId) return undefined;
        const task = await activeTask(tx, access.employeeId);
        // The knight had not paused yet (it never gave up the desktop): nothing happened to tell.
        if (task?.id === control.taskId && task.status === "waiting_for_input")
          await tx.query(
            `insert into public.task_steps (customer_id, task_id, seq, status, action, params, finished_at)
             select $1, $2, coalesce(max(seq), 0) + 1, 'done', 'handback', $3, now()
               from public.task_steps where task_id = $2`,
            [
              access.customerId,
              control.taskId,
              JSON.stringify({
                kind: "handback",
                ...(text ? { text } : {}),
                by: { userId: who.userId, name: control.userName ?? "The customer" },
              }),
            ],
          );
        await tx.query(
          "update public.tasks set control_requested_at = null, updated_at = now() where id = $1",
          [control.taskId],
        );
        await audit(tx, {
          action: "knights.control_returned",
          targetType: "task",
          targetId: control.taskId,
          customerId: access.customerId,
          detail: { by: who.userId, holder: control.userId, actions: control.actions, note: text },
        });
        // A budget pause stays paused; anything else (take-over, help, a question) carries on.
        if (task?.status !== "waiting_for_input" || task.paused_reason === "budget")
          return undefined;
        return (await requeuePausedTask(tx, task.id))?.id;
      });
      if (requeued) await deps.enqueue(requeued);
      return { resumed: requeued !== undefined };
    },
  };
}

export type DesktopControl = ReturnType<typeof createDesktopControl>;

function describe(
  control: OpenControl,
  who: ControlPrincipal,
): NonNullable<ControlView["control"]> {
  return {
    id: control.id,
    userId: control.userId,
    name: control.userName ?? "Someone",
    status: controlActive(control) ? "active" : "waiting",
    mine: control.userId === who.userId,
    actions: control.actions,
    since: control.startedAt.toISOString(),
  };
}

/** A person's action in the knights' vocabulary (VM pixels; performed with no scaling). */
function toComputerAction(action: CustomerAction): ComputerAction {
  switch (action.type) {
    case "click":
      return {
        action: action.double
          ? "double_click"
          : action.button === "right"
            ? "right_click"
            : "left_click",
        coordinate: [action.x, action.y],
      };
    case "type":
      return { action: "type", text: action.text };
    case "key":
      return { action: "key", text: action.key };
    case "scroll":
      return {
        action: "scroll",
        scroll_direction: action.direction,
        scroll_amount: action.amount ?? 3,
        ...(action.x !== undefined && action.y !== undefined
          ? { coordinate: [action.x, action.y] as [number, number] }
          : {}),
      };
  }
}

/** What a person typed may be a password: only its length is kept. */
function redact(action: ComputerAction): ComputerAction {
  return action.action === "type"
    ? { action: "type", text: "•".repeat(action.text.length) }
    : action;
}

function auditable(action: CustomerAction) {
  return action.type === "type" ? { type: "type", characters: action.text.length } : action;
}

export {
  ControlConflictError,
  ControlForbiddenError,
  type ControlPrincipal,
  DesktopNotFoundError,
  type DesktopTarget,
} from "./takeover-access.ts";
