/**
 * A knight task for one run of an approved schedule. The scheduler calls
 * this inside the transaction that records the run and advances the
 * schedule, so the task exists exactly when the run does; the job is added
 * after commit through the same `enqueueTask` path as any approved task (and
 * the relay adds it if that fails). The schedule's approval covers its runs:
 * the task is written approved, by whoever approved the schedule.
 */
import { audit } from "../../audit/index.ts";
import type { Tx } from "../../db/index.ts";
import { currentRole } from "../../roles/index.ts";
import { chargeRolePrice, existingEmployee, newEmployee } from "./executor.ts";

export type ScheduledTaskRequest = {
  customerId: string;
  scheduleId: string;
  /** The schedule's employee; a removed or missing one is replaced by a new one of the role. */
  employeeId: string | null;
  role: string;
  request: string;
  requestedBy: string | null;
  approvedBy: string | null;
  budgetMicros: number | null;
};

/** Writes the run's task as queued and approved; returns it and the employee that will do it. */
export async function writeScheduledTask(
  tx: Tx,
  r: ScheduledTaskRequest,
): Promise<{ taskId: string; employeeId: string }> {
  const role = await currentRole(tx, r.customerId, r.role);
  const employee = r.employeeId
    ? await existingEmployee(tx, r.customerId, r.employeeId).catch(() => undefined)
    : undefined;
  const doer =
    employee ?? (await newEmployee(tx, r.customerId, { role: r.role, task: r.request }, role));
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.tasks (customer_id, employee_id, requested_by, request, status, approved_by,
                               approved_at, queued_at, budget_micros, max_steps, role_version_id)
     values ($1, $2, $3, $4, 'queued', $5, now(), now(), $6, $7, $8) returning id`,
    [
      r.customerId,
      doer.id,
      r.requestedBy,
      r.request,
      r.approvedBy,
      r.budgetMicros ?? role?.defaultBudgetMicros ?? null,
      role?.defaultMaxSteps ?? 50,
      role?.id ?? null,
    ],
  );
  const taskId = rows[0]!.id;
  await chargeRolePrice(tx, { customerId: r.customerId, taskId, role });
  await audit(tx, {
    action: "knights.task_queued",
    targetType: "task",
    targetId: taskId,
    customerId: r.customerId,
    detail: { scheduleId: r.scheduleId, employeeId: doer.id, role: role?.key ?? r.role },
  });
  return { taskId, employeeId: doer.id };
}
