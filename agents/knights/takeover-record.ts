/**
 * Recording a person's action on a knight's desktop: the screen after it,
 * the step (kind `customer`, who and what), the control's action count and
 * the audit entry commit together, or not at all. It is the hot path of a
 * take-over (every click), so where the frame store keeps frames in the
 * database it is one round trip (`Data.statementsAsService`); the control
 * row is locked first, so one person's actions get their step numbers one
 * at a time, and a control handed back meanwhile records nothing.
 */
import type { Data, Statement } from "../../db/index.ts";
import type { FrameStore, NewFrame } from "./frames.ts";
import type { StepOutcome, StepParams } from "./steps.ts";
import { ControlConflictError } from "./takeover-access.ts";

export type ActionRecord = {
  controlId: string;
  frame: NewFrame & { id: string };
  step: {
    customerId: string;
    taskId: string;
    status: "done" | "failed";
    action: string;
    params: StepParams;
    outcome: StepOutcome;
    actionMs: number;
  };
  audit: Record<string, unknown>;
  /** The live view's announcement of the frame (a NOTIFY), sent as it commits. */
  announce: Statement[];
};

/** Postgres' division_by_zero: the guard below, when the control is no longer open. */
const NOT_HELD = "22012";

/** Records the action; returns the step's number. */
export async function recordAction(data: Data, frames: FrameStore, r: ActionRecord) {
  const { step } = r;
  const statements: Statement[] = [
    {
      text: "select id from public.desktop_controls where id = $1 and ended_at is null for update",
      values: [r.controlId],
    },
    // Fails (and so rolls back everything) when the control was handed back meanwhile.
    {
      text: "select 1 / (select count(*)::int from public.desktop_controls where id = $1 and ended_at is null) as held",
      values: [r.controlId],
    },
  ];
  const rest: Statement[] = [
    {
      text: `insert into public.task_steps
               (customer_id, task_id, seq, status, action, params, outcome, frame_id, action_ms, finished_at)
             select $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $8, now()
               from public.task_steps where task_id = $2
             returning seq`,
      values: [
        step.customerId,
        step.taskId,
        step.status,
        step.action,
        JSON.stringify(step.params),
        JSON.stringify(step.outcome),
        r.frame.id,
        step.actionMs,
      ],
    },
    {
      text: "update public.desktop_controls set actions = actions + 1 where id = $1",
      values: [r.controlId],
    },
    // A person at work is activity too: the idle reaper must not stop the desktop under their hands.
    {
      text: "update public.vms set last_activity_at = now() where id = $1",
      values: [r.frame.vmId],
    },
    {
      text: "select private.audit('knights.control_action', 'task', $1, $2, null, $3)",
      values: [step.taskId, step.customerId, JSON.stringify(r.audit)],
    },
    ...r.announce,
  ];
  try {
    if (frames.insertStatement) {
      const results = await data.statementsAsService("takeover: record action", [
        ...statements,
        frames.insertStatement(r.frame),
        ...rest,
      ]);
      return (results[statements.length + 1]!.rows[0] as { seq: number }).seq;
    }
    return await data.asService("takeover: record action", async (tx) => {
      for (const { text, values } of statements) await tx.query(text, values as unknown[]);
      await frames.put(r.frame, { tx });
      const results = [];
      for (const { text, values } of rest) results.push(await tx.query(text, values as unknown[]));
      return (results[0]!.rows[0] as { seq: number }).seq;
    });
  } catch (error) {
    if ((error as { code?: string }).code === NOT_HELD)
      throw new ControlConflictError("not_holding", "The controls were handed back");
    throw error;
  }
}
