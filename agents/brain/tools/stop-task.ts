import { z } from "zod";
import { stopTask as stop } from "../../knights/index.ts";
import { defineTool } from "./types.ts";

const SAID: Record<string, string> = {
  cancelled: "Stopped: it had not started (or was waiting), so nothing more will happen.",
  requested: "Stop requested; the employee stops at its next step.",
  already_requested: "A stop was already requested; the employee stops at its next step.",
  already_finished: "Task not stopped: it already ended.",
  forbidden: "Task not stopped: this user may not change tasks (read-only access).",
  not_found: "No task with that id for this customer.",
};

/**
 * Stops a task through the knights' one stop operation (the bot's /stop and
 * the dashboard use the same), in this tool's transaction as the customer's
 * user. No approval tap: stopping spends nothing and is the customer's brake
 * on a runaway task, so it must take one message. It is privileged all the
 * same, so untrusted text alone can never stop work (see guard.ts).
 */
export const stopTask = defineTool({
  name: "stop_task",
  description: "Stop a running or queued task at its next step.",
  input: z.object({ taskId: z.uuid(), reason: z.string().max(300).optional() }),
  privileged: true,
  async run(tx, args, ctx) {
    const { outcome } = await stop(tx, {
      customerId: ctx.customerId,
      ref: args.taskId,
      ...(args.reason ? { reason: args.reason } : {}),
    });
    const ok = outcome === "cancelled" || outcome === "requested";
    return {
      content: `${SAID[outcome]} (task ${args.taskId})`,
      ...(ok ? {} : { isError: true }),
      audit: { targetType: "task", targetId: args.taskId, detail: { reason: args.reason } },
    };
  },
});
