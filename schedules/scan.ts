/**
 * The due scan: the one place a schedule's run starts. Why a scan and not a
 * BullMQ job scheduler per schedule: the schedule's truth (active, paused,
 * next run, the customer's zone, suspension, budget) lives in Postgres and
 * changes in tenant transactions; a scan reads it as it is when the run is
 * due, instead of keeping 10,000 Redis-side repeat definitions in step with
 * every pause, edit, time-zone change and deletion. BullMQ still provides the
 * clock (one `upsertJobScheduler`, see `scheduler.ts`), so no process keeps a
 * timer and any number of workers may run the scan.
 *
 * Exactly once: the scan locks due schedules `for update skip locked` (two
 * workers take disjoint sets), and for each one, in that same transaction,
 * records the run (unique per schedule and due time), writes the knight task
 * and advances `next_run_at` past now. A crash before commit leaves nothing;
 * after commit the run is done and its job is added by us or by the relay.
 * A schedule whose slots passed while everything was down has one
 * `next_run_at` in the past, so it runs once, marked late, and its next run
 * is the first slot after now: never a burst of missed runs.
 *
 * Money: each run passes the knights' budget gate (`checkBudget`, which locks
 * the customer row) for the schedule's per-run budget before its task
 * exists. Over the cap or suspended: the run is recorded as not started, and
 * over the cap the customer is asked (raise the cap or skip); an unpaid
 * subscription counts as suspended. Customers are
 * locked in id order, so two scanners can never deadlock on them.
 */
import type { Tx } from "../db/index.ts";
import { type Cadence, InvalidCadenceError, nextRun } from "./cadence.ts";
import { cadenceOf, type ScheduleRow, scheduleColumns } from "./schedule-row.ts";

/**
 * Whether the customer may run work now: suspended by an admin, or with a
 * subscription Stripe gave up collecting (`unpaid`), their runs start nothing.
 */
const CUSTOMER_STATUS = `case when c.status = 'active' and exists (
    select 1 from public.subscriptions sub where sub.customer_id = c.id and sub.status = 'unpaid')
  then 'unpaid' else c.status::text end`;

/** A run is late when it starts more than this after its slot. */
export const LATE_AFTER_MS = 60_000;

export type BudgetGate = (
  tx: Tx,
  customerId: string,
  costMicros: number,
  now: Date,
) => Promise<{ allowed: boolean; reason?: string; budgetMicros: number; remainingMicros: number }>;

export type TaskWriter = (
  tx: Tx,
  r: {
    customerId: string;
    scheduleId: string;
    employeeId: string | null;
    role: string;
    request: string;
    requestedBy: string | null;
    approvedBy: string | null;
    budgetMicros: number | null;
  },
) => Promise<{ taskId: string; employeeId: string }>;

export type RunStart =
  | {
      outcome: "started";
      scheduleId: string;
      customerId: string;
      taskId: string;
      late: boolean;
      dueAt: Date;
    }
  | {
      outcome: "over_budget";
      scheduleId: string;
      customerId: string;
      dueAt: Date;
      budgetMicros: number;
      spentMicros: number;
      runMicros: number;
      /** False when the previous run was refused too: the customer was already asked. */
      notify: boolean;
    }
  /** `invalid`: its cadence no longer computes (paused); `duplicate`: this slot already ran. */
  | {
      outcome: "suspended" | "invalid" | "duplicate";
      scheduleId: string;
      customerId: string;
      dueAt: Date;
    };

type DueRow = ScheduleRow & {
  time_zone: string;
  customer_status: string;
  approved_by: string | null;
};

/**
 * Claims up to `limit` due schedules and starts their runs in `tx`. Returns
 * what happened to each; the caller enqueues started tasks and sends notices
 * after the transaction commits.
 */
export async function startDueRuns(
  tx: Tx,
  deps: { checkBudget: BudgetGate; writeTask: TaskWriter },
  { now, limit = 200 }: { now: Date; limit?: number },
): Promise<RunStart[]> {
  const { rows } = await tx.query<DueRow>(
    `with due as (
       select id from public.scheduled_tasks
        where status = 'active' and next_run_at <= $1
        order by next_run_at limit $2
        for update skip locked)
     select ${scheduleColumns("s")},
            c.time_zone, ${CUSTOMER_STATUS} as customer_status, a.decided_by as approved_by
       from due join public.scheduled_tasks s using (id)
       join public.customers c on c.id = s.customer_id
       left join public.approvals a on a.id = s.approval_id
      order by s.customer_id, s.next_run_at`,
    [now, limit],
  );
  const results: RunStart[] = [];
  for (const row of rows) results.push(await startOne(tx, deps, row, now, false));
  return results;
}

/**
 * Starts one run of a schedule now, outside its cadence ("run now"), in `tx`
 * (the caller has checked who may). The schedule's next slot is unchanged.
 */
export async function startRunNow(
  tx: Tx,
  deps: { checkBudget: BudgetGate; writeTask: TaskWriter },
  scheduleId: string,
  now: Date,
): Promise<RunStart | undefined> {
  const { rows } = await tx.query<DueRow>(
    `select ${scheduleColumns("s")},
            c.time_zone, ${CUSTOMER_STATUS} as customer_status, a.decided_by as approved_by
       from public.scheduled_tasks s
       join public.customers c on c.id = s.customer_id
       left join public.approvals a on a.id = s.approval_id
      where s.id = $1 and s.status in ('active', 'paused')
      for update of s`,
    [scheduleId],
  );
  const row = rows[0];
  return row ? startOne(tx, deps, row, now, true) : undefined;
}

async function startOne(
  tx: Tx,
  deps: { checkBudget: BudgetGate; writeTask: TaskWriter },
  row: DueRow,
  now: Date,
  manual: boolean,
): Promise<RunStart> {
  const dueAt = manual ? now : (row.next_run_at ?? now);
  const base = { scheduleId: row.id, customerId: row.customer_id, dueAt };
  let next: Date | null;
  let cadence: Cadence;
  try {
    cadence = cadenceOf(row);
    next = manual ? row.next_run_at : nextRun(cadence, row.time_zone, now);
  } catch (error) {
    if (!(error instanceof InvalidCadenceError)) throw error;
    // A schedule that can no longer compute its next run (a zone Node dropped,
    // a hand-edited row) stops rather than failing every scan.
    await tx.query(
      `update public.scheduled_tasks set status = 'paused', paused_reason = 'customer',
              updated_at = now() where id = $1`,
      [row.id],
    );
    return { outcome: "invalid", ...base };
  }
  const late = !manual && now.getTime() - dueAt.getTime() > LATE_AFTER_MS;
  const runMicros = Number(row.budget_micros ?? 0);
  let outcome: "started" | "over_budget" | "suspended" = "started";
  let gate: Awaited<ReturnType<BudgetGate>> | undefined;
  if (row.customer_status !== "active") outcome = "suspended";
  else {
    gate = await deps.checkBudget(tx, row.customer_id, runMicros, now);
    if (!gate.allowed) outcome = gate.reason === "suspended" ? "suspended" : "over_budget";
  }
  // Ask once per streak of refused runs, not every slot (an every-minute demo would spam).
  const previous =
    outcome === "over_budget"
      ? (
          await tx.query<{ outcome: string }>(
            "select outcome from public.schedule_runs where schedule_id = $1 order by started_at desc limit 1",
            [row.id],
          )
        ).rows[0]?.outcome
      : undefined;
  const inserted = await tx.query<{ id: string }>(
    `insert into public.schedule_runs (schedule_id, customer_id, due_at, started_at, outcome, late, manual)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (schedule_id, due_at) do nothing returning id`,
    [row.id, row.customer_id, dueAt, now, outcome, late, manual],
  );
  let taskId: string | undefined;
  const runId = inserted.rows[0]?.id;
  if (runId && outcome === "started") {
    const task = await deps.writeTask(tx, {
      customerId: row.customer_id,
      scheduleId: row.id,
      employeeId: row.employee_id,
      role: row.role_template,
      request: late
        ? `${row.request}\n\n(This scheduled run is late: it was due ${dueAt.toISOString()}.)`
        : row.request,
      requestedBy: row.created_by,
      approvedBy: row.approved_by ?? row.created_by,
      budgetMicros: row.budget_micros === null ? null : runMicros,
    });
    taskId = task.taskId;
    await tx.query("update public.schedule_runs set task_id = $2 where id = $1", [runId, taskId]);
    // Later runs keep the same employee (and its desktop).
    if (row.employee_id !== task.employeeId)
      await tx.query("update public.scheduled_tasks set employee_id = $2 where id = $1", [
        row.id,
        task.employeeId,
      ]);
  }
  await tx.query(
    `update public.scheduled_tasks
        set next_run_at = $2, last_run_at = case when $3 then $4 else last_run_at end,
            last_run_late = case when $3 then $5 else last_run_late end, updated_at = now()
      where id = $1`,
    [row.id, next, taskId !== undefined, now, late],
  );
  if (!runId) return { outcome: "duplicate", ...base };
  if (outcome === "started") return { outcome, ...base, taskId: taskId!, late };
  if (outcome === "over_budget")
    return {
      outcome,
      ...base,
      budgetMicros: gate?.budgetMicros ?? 0,
      // Spent and held this month, as the gate counted it.
      spentMicros: gate ? Math.max(0, gate.budgetMicros - gate.remainingMicros) : 0,
      runMicros,
      notify: previous !== "over_budget",
    };
  return { outcome, ...base };
}
