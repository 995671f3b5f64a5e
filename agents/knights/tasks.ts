/**
 * Task rows and their state changes. Every transition is one conditional
 * UPDATE on the task's current status, so two workers (or a worker and a
 * customer's /stop) can never both move the same task.
 */
import { audit } from "../../audit/index.ts";
import type { Tx } from "../../db/index.ts";

export type TaskStatus =
  | "awaiting_approval"
  | "queued"
  | "running"
  | "waiting_for_input"
  | "succeeded"
  | "failed"
  | "cancelled";

export type TaskRow = {
  id: string;
  customer_id: string;
  employee_id: string | null;
  requested_by: string | null;
  request: string;
  status: TaskStatus;
  budget_micros: string | null;
  max_steps: number;
  step_count: number;
  cost_micros: string;
  question: string | null;
  result: string | null;
  error: string | null;
  started_at: Date | null;
  approved_at: Date | null;
  cancel_requested_at: Date | null;
  paused_reason: PauseReason | null;
  /** Set while a person holds (or asked for) the desktop's controls: the loop pauses at its next step. */
  control_requested_at: Date | null;
  enqueued_at: Date | null;
  first_frame_id: string | null;
};

/** Why a task waits: a question, a budget, a person at the controls, or the knight asked for help. */
export type PauseReason = "question" | "budget" | "takeover" | "help" | "approval";

export const ACTIVE_STATUSES: readonly TaskStatus[] = ["queued", "running", "waiting_for_input"];

/** A task by id (service path). */
export async function loadTask(tx: Tx, taskId: string): Promise<TaskRow | undefined> {
  const { rows } = await tx.query<TaskRow>("select * from public.tasks where id = $1", [taskId]);
  return rows[0];
}

export type Claim =
  | { kind: "claimed"; task: TaskRow; firstStart: boolean }
  /** The plan's concurrent-knight limit is full, or the employee is busy with another task. */
  | { kind: "busy"; reason: "plan_limit" | "employee_busy" }
  | { kind: "not_runnable"; status: TaskStatus | "missing" };

/**
 * Moves a queued task to running (or takes over a running one whose worker
 * died) if the customer's plan has a free knight slot and the employee is not
 * busy with another task. The customer row is locked first, so two workers
 * claiming tasks of one customer count each other's claims.
 */
export async function claimTask(
  tx: Tx,
  taskId: string,
  concurrentKnightsFor: (plan: string) => number,
): Promise<Claim> {
  const found = await loadTask(tx, taskId);
  if (!found) return { kind: "not_runnable", status: "missing" };
  if (found.status !== "queued" && found.status !== "running")
    return { kind: "not_runnable", status: found.status };
  // Only an approved task runs, whatever put it in the queue (defence in depth:
  // tenants cannot insert one as queued, and could not set the approval anyway).
  if (!found.approved_at) return { kind: "not_runnable", status: found.status };
  const { rows: customers } = await tx.query<{ plan: string }>(
    "select plan from public.customers where id = $1 for update",
    [found.customer_id],
  );
  const limit = concurrentKnightsFor(customers[0]?.plan ?? "free");
  const { rows } = await tx.query<TaskRow & { first_start: boolean }>(
    `with before as (select started_at from public.tasks where id = $1)
     update public.tasks t
        set status = 'running', started_at = coalesce(t.started_at, now()), updated_at = now(),
            question = null, paused_reason = null
      where t.id = $1
        and (t.status = 'running'
             or (t.status = 'queued'
                 and (select count(*) from public.tasks o
                       where o.customer_id = t.customer_id and o.status = 'running') < $2
                 and not exists (select 1 from public.tasks o
                       where o.employee_id = t.employee_id and o.status = 'running' and o.id <> t.id)))
      returning t.*, ((select started_at from before) is null) as first_start`,
    [taskId, limit],
  );
  const claimed = rows[0];
  if (claimed) {
    const { first_start, ...task } = claimed;
    return { kind: "claimed", task, firstStart: first_start };
  }
  const { rows: busy } = await tx.query<{ employee_busy: boolean }>(
    `select exists (select 1 from public.tasks o where o.employee_id = $2 and o.status = 'running'
                     and o.id <> $1) as employee_busy`,
    [taskId, found.employee_id],
  );
  return { kind: "busy", reason: busy[0]?.employee_busy ? "employee_busy" : "plan_limit" };
}

/** Ends a running (or paused/queued) task; returns false when it had already ended. */
export async function finishTask(
  tx: Tx,
  taskId: string,
  outcome:
    | { status: "succeeded"; result: string }
    | { status: "failed"; error: string }
    | { status: "cancelled"; error?: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update public.tasks
        set status = $2, result = $3, error = $4, finished_at = now(), updated_at = now(),
            question = null, paused_reason = null
      where id = $1 and status in ('queued', 'running', 'waiting_for_input')`,
    [
      taskId,
      outcome.status,
      outcome.status === "succeeded" ? outcome.result : null,
      outcome.status === "succeeded" ? null : (outcome.error ?? null),
    ],
  );
  // Whatever was held for steps that will not run is free again.
  await tx.query(
    `update public.budget_reservations set settled_at = now(), settled_micros = 0
      where task_id = $1 and settled_at is null`,
    [taskId],
  );
  return rowCount === 1;
}

/** Pauses a running task until the customer answers (`question`) or the budget allows more. */
export async function pauseTask(
  tx: Tx,
  taskId: string,
  reason: PauseReason,
  question: string,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update public.tasks set status = 'waiting_for_input', paused_reason = $2, question = $3,
            updated_at = now()
      where id = $1 and status = 'running'`,
    [taskId, reason, question],
  );
  return rowCount === 1;
}

/**
 * Puts a paused task back in the queue (the caller then enqueues its job).
 * Not while a person holds the desktop's controls: handing them back does it.
 */
export async function requeuePausedTask(tx: Tx, taskId: string): Promise<TaskRow | undefined> {
  const { rows } = await tx.query<TaskRow>(
    `update public.tasks set status = 'queued', queued_at = now(), enqueued_at = null,
            updated_at = now()
      where id = $1 and status = 'waiting_for_input' and control_requested_at is null
      returning *`,
    [taskId],
  );
  return rows[0];
}

/** What came of asking a task to stop. */
export type StopOutcome =
  /** It was not running (queued, waiting for approval or input) and is now cancelled. */
  | "cancelled"
  /** It is running; its knight stops before its next step. */
  | "requested"
  /** A stop was already asked for and the knight has not stopped yet. */
  | "already_requested"
  | "already_finished"
  /** The caller sees the task but may not change it (a viewer). */
  | "forbidden"
  | "not_found";

export const UNFINISHED_STATUSES = ["awaiting_approval", "queued", "running", "waiting_for_input"];

/**
 * Stopping a task: the one operation behind the bot's /stop, King Mouse's
 * stop_task tool, the dashboard and the knights' own cancel. It runs in the
 * caller's transaction, so under a user's RLS a viewer or another tenant
 * stops nothing. Setting `cancel_requested_at` is the whole request (a
 * trigger ends a task that is not running at once; a running one is ended by
 * its loop before its next step), audited as `task.stop_requested`.
 * `customerId` scopes the lookup; `ref` may be the id or its first characters.
 */
export async function stopTask(
  tx: Tx,
  { customerId, ref, reason }: { customerId?: string; ref: string; reason?: string },
): Promise<{ outcome: StopOutcome; taskId?: string }> {
  const { rows: found } = await tx.query<{
    id: string;
    customer_id: string;
    status: TaskStatus;
    cancel_requested_at: Date | null;
  }>(
    `select id, customer_id, status, cancel_requested_at from public.tasks
      where id::text like $1 || '%' and ($2::uuid is null or customer_id = $2)
      order by created_at desc limit 2`,
    [ref.toLowerCase(), customerId ?? null],
  );
  const task = found.length === 1 ? found[0] : undefined;
  if (!task) return { outcome: "not_found" };
  if (!UNFINISHED_STATUSES.includes(task.status))
    return { outcome: "already_finished", taskId: task.id };
  if (task.cancel_requested_at) return { outcome: "already_requested", taskId: task.id };
  const { rows } = await tx.query<{ status: TaskStatus }>(
    `update public.tasks set cancel_requested_at = now(), updated_at = now()
      where id = $1 and cancel_requested_at is null returning status`,
    [task.id],
  );
  const status = rows[0]?.status;
  if (!status) return { outcome: "forbidden", taskId: task.id };
  await audit(tx, {
    action: "task.stop_requested",
    targetType: "task",
    targetId: task.id,
    customerId: task.customer_id,
    detail: { was: task.status, ...(reason ? { reason } : {}) },
  });
  return { outcome: status === "cancelled" ? "cancelled" : "requested", taskId: task.id };
}

/** Whether someone asked the task to stop. */
export async function cancelRequested(tx: Tx, taskId: string): Promise<boolean> {
  const { rows } = await tx.query<{ requested: boolean }>(
    "select cancel_requested_at is not null as requested from public.tasks where id = $1",
    [taskId],
  );
  return rows[0]?.requested ?? true;
}
