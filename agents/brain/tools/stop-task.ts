import { z } from "zod";
import { defineTool } from "./types.ts";

const UNFINISHED = ["awaiting_approval", "queued", "running", "waiting_for_input"];

/**
 * Requests that a task stop (`tasks.cancel_requested_at`); the knight worker
 * stops at its next step. No approval tap: stopping spends nothing and is
 * the customer's brake on a runaway task, so it must take one message. It is
 * privileged all the same, so untrusted text alone can never stop work (see
 * guard.ts), and every stop is audited.
 */
export const stopTask = defineTool({
  name: "stop_task",
  description: "Stop a running or queued task at its next step.",
  input: z.object({ taskId: z.uuid(), reason: z.string().max(300).optional() }),
  privileged: true,
  async run(tx, args, ctx) {
    const { rows } = await tx.query<{ id: string; status: string }>(
      `update public.tasks set cancel_requested_at = now(), updated_at = now()
        where id = $1 and customer_id = $2 and status = any($3) and cancel_requested_at is null
        returning id, status`,
      [args.taskId, ctx.customerId, UNFINISHED],
    );
    const audit = { targetType: "task", targetId: args.taskId, detail: { reason: args.reason } };
    if (rows[0]) {
      return {
        content: `Stop requested for task ${args.taskId} (was ${rows[0].status}); the employee stops at its next step.`,
        audit,
      };
    }
    const { rows: found } = await tx.query<{ status: string; cancel_requested_at: Date | null }>(
      "select status, cancel_requested_at from public.tasks where id = $1 and customer_id = $2",
      [args.taskId, ctx.customerId],
    );
    const task = found[0];
    if (!task) return { isError: true, content: "No task with that id for this customer.", audit };
    const why = task.cancel_requested_at
      ? "a stop was already requested"
      : UNFINISHED.includes(task.status)
        ? "this user may not change tasks (read-only access)"
        : `it already ended (${task.status})`;
    return { isError: true, content: `Task not stopped: ${why}.`, audit };
  },
});
