import type { ApprovalExecutor } from "../../approvals/index.ts";
import type { Data } from "../../db/index.ts";
import { activateSchedule } from "../../schedules/index.ts";

/**
 * The executor for approvals of kind `schedule_task`: once the customer
 * tapped Approve, it activates the pending schedule the approval names and
 * sets its first run in the customer's time zone (`schedules/`). Idempotent:
 * a second run finds nothing pending. Register it with the approval
 * executors next to the knights' `deploy_employee` executor.
 */
export function createScheduleExecutor(
  data: Data,
  { now = () => new Date() }: { now?: () => Date } = {},
): ApprovalExecutor {
  return (approval) =>
    data.asService("brain: activate approved schedule", (tx) =>
      activateSchedule(tx, approval, now()),
    );
}
