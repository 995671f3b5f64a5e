import type { ApprovalExecutor } from "../../approvals/index.ts";
import { audit } from "../../audit/index.ts";
import type { Data } from "../../db/index.ts";

type Cadence = "daily" | "weekly" | "monthly";

/**
 * The executor for approvals of kind `schedule_task`: once the customer
 * tapped Approve, it activates the pending schedule the approval names and
 * sets its first run. Register it with the approval executors next to the
 * knights' `deploy_employee` executor.
 */
export function createScheduleExecutor(
  data: Data,
  { now = () => new Date() }: { now?: () => Date } = {},
): ApprovalExecutor {
  return async (approval) => {
    const scheduleId = String(approval.payload.scheduleId ?? "");
    return data.asService("brain: activate approved schedule", async (tx) => {
      const { rows } = await tx.query<{
        cadence: Cadence;
        at_time: string;
        weekday: number | null;
      }>(
        `select cadence, at_time::text, weekday from public.scheduled_tasks
          where id = $1 and customer_id = $2 and approval_id = $3 and status = 'pending_approval'`,
        [scheduleId, approval.customer_id, approval.id],
      );
      const schedule = rows[0];
      if (!schedule) return "That schedule no longer exists or was already handled.";
      const next = nextRunAt(schedule.cadence, schedule.at_time, schedule.weekday, now());
      await tx.query(
        `update public.scheduled_tasks set status = 'active', next_run_at = $2, updated_at = now()
          where id = $1`,
        [scheduleId, next],
      );
      await audit(tx, {
        action: "schedule.activated",
        targetType: "scheduled_task",
        targetId: scheduleId,
        customerId: approval.customer_id,
        detail: { approvalId: approval.id, nextRunAt: next.toISOString() },
      });
      return `Scheduled. First run ${next.toISOString().slice(0, 16).replace("T", " ")} UTC.`;
    });
  };
}

/** The first due time strictly after `from` (UTC); monthly runs keep `from`'s day, at most the 28th. */
export function nextRunAt(
  cadence: Cadence,
  atTime: string,
  weekday: number | null,
  from: Date,
): Date {
  const [hours, minutes] = atTime.split(":").map(Number) as [number, number];
  const at = (d: Date) =>
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hours, minutes));
  let next = at(from);
  if (cadence === "monthly") {
    const day = Math.min(from.getUTCDate(), 28);
    next = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), day, hours, minutes));
    if (next <= from) next.setUTCMonth(next.getUTCMonth() + 1);
    return next;
  }
  while (next <= from || (cadence === "weekly" && next.getUTCDay() !== (weekday ?? 1))) {
    next = new Date(next.getTime() + 86_400_000);
  }
  return next;
}
