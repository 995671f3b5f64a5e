/**
 * Asking for a schedule and switching it on: the two halves of consent.
 * `requestSchedule` (run as the customer, under RLS) checks the cadence in
 * the customer's zone against the minimum interval, stores the schedule
 * `pending_approval` and asks for approval in words that state the money:
 * "up to $0.80 per run, about $24 a month". Approving it approves its runs
 * up to that per-run budget; each run still passes the spend cap.
 * `activateSchedule` is the approval's executor body (service path): it
 * sets the first run, and does nothing the second time.
 */
import { requestApproval } from "../approvals/index.ts";
import { audit } from "../audit/index.ts";
import { estimateTask, formatMicros } from "../billing/index.ts";
import type { Tx } from "../db/index.ts";
import {
  type Cadence,
  describeCadence,
  MIN_INTERVAL_MS,
  nextRun,
  runsPerMonth,
  validateCadence,
} from "./cadence.ts";
import { cadenceColumns, cadenceOf, type ScheduleRow, scheduleColumns } from "./schedule-row.ts";
import { DEFAULT_TIME_ZONE, formatInZone } from "./time-zones.ts";

export const SCHEDULE_APPROVAL_KIND = "schedule_task";
/** An approved change of when a schedule runs (King Mouse's `edit_schedule`). */
export const SCHEDULE_EDIT_KIND = "schedule_edit";

export type ScheduleRequest = {
  customerId: string;
  userId: string;
  /** The knights' role id and its display name. */
  role: { id: string; name: string };
  task: string;
  cadence: Cadence;
  /** Default: `runBudgetMicros()`. */
  budgetPerRunMicros?: number;
  employeeId?: string;
  minIntervalMs?: number;
  now?: Date;
};

/**
 * What one run may spend unless said otherwise: billing's estimate of a
 * short errand (15 steps) at twice its length, rounded up to 10 cents. A run
 * that needs more pauses at the budget and asks, as any knight task does.
 */
export function runBudgetMicros(model = "claude-sonnet-4-6"): number {
  const { maxCostMicros } = estimateTask({ model, steps: 15, maxSteps: 30 });
  return Math.ceil(maxCostMicros / 100_000) * 100_000;
}

/** The customer's IANA zone (UTC when unset). */
export async function customerTimeZone(tx: Tx, customerId: string): Promise<string> {
  const { rows } = await tx.query<{ time_zone: string }>(
    "select time_zone from public.customers where id = $1",
    [customerId],
  );
  return rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
}

/**
 * Stores a pending schedule and its approval request in `tx` (the caller's
 * RLS transaction). Throws `InvalidCadenceError` with a customer-readable
 * reason when the cadence cannot run or runs too often.
 */
export async function requestSchedule(tx: Tx, r: ScheduleRequest) {
  const now = r.now ?? new Date();
  const zone = await customerTimeZone(tx, r.customerId);
  const first = validateCadence(r.cadence, zone, now, {
    minIntervalMs: r.minIntervalMs ?? MIN_INTERVAL_MS,
  });
  const perMonth = runsPerMonth(r.cadence, zone, now);
  const perRun = r.budgetPerRunMicros ?? runBudgetMicros();
  const summary = `Schedule a ${r.role.name} ${describeCadence(r.cadence)} (${zone}): ${clip(r.task, 160)} — up to ${formatMicros(perRun)} per run, about ${formatMicros(perRun * perMonth)} a month`;
  const { rows } = await tx.query<{ id: string }>("select gen_random_uuid() as id");
  const scheduleId = rows[0]!.id;
  const approval = await requestApproval(tx, {
    customerId: r.customerId,
    userId: r.userId,
    kind: SCHEDULE_APPROVAL_KIND,
    summary,
    payload: {
      scheduleId,
      role: r.role.id,
      task: r.task,
      cadence: r.cadence,
      // For the card under the buttons (approvals/card.ts).
      timeZone: zone,
      perRunMicros: perRun,
      perMonthMicros: perRun * perMonth,
    },
  });
  const c = cadenceColumns(r.cadence);
  await tx.query(
    `insert into public.scheduled_tasks
       (id, customer_id, employee_id, role_template, request, cadence, at_time, weekday, days,
        month_day, every_n, cron, approval_id, budget_micros, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      scheduleId,
      r.customerId,
      r.employeeId ?? null,
      r.role.id,
      r.task,
      c.cadence,
      c.at_time,
      c.weekday,
      c.days,
      c.month_day,
      c.every_n,
      c.cron,
      approval.id,
      perRun,
      r.userId,
    ],
  );
  return { scheduleId, approval: { id: approval.id, summary }, firstRun: first, timeZone: zone };
}

/**
 * Switches on the pending schedule an approval names (service path). Returns
 * the reply for the customer; a second call finds nothing pending and says so.
 */
export async function activateSchedule(
  tx: Tx,
  approval: { id: string; customer_id: string; payload: Record<string, unknown> },
  now: Date = new Date(),
): Promise<string> {
  const scheduleId = String(approval.payload.scheduleId ?? "");
  const { rows } = await tx.query<ScheduleRow & { time_zone: string }>(
    `select ${scheduleColumns("s")}, c.time_zone from public.scheduled_tasks s
       join public.customers c on c.id = s.customer_id
      where s.id = $1 and s.customer_id = $2 and s.approval_id = $3 and s.status = 'pending_approval'
      for update of s`,
    [scheduleId, approval.customer_id, approval.id],
  );
  const schedule = rows[0];
  if (!schedule) return "That schedule no longer exists or was already handled.";
  const next = nextRun(cadenceOf(schedule), schedule.time_zone, now);
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
  return `Scheduled. First run ${formatInZone(next, schedule.time_zone)}.`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
