/**
 * A schedule as stored (`public.scheduled_tasks`) and the cadence its
 * columns describe. Schedules written before cadences grew (one `weekday`,
 * monthly on the approval day) still read as the cadence they meant.
 */
import type { Cadence } from "./cadence.ts";

export type ScheduleStatus = "pending_approval" | "active" | "paused" | "cancelled";

export type ScheduleRow = {
  id: string;
  customer_id: string;
  employee_id: string | null;
  role_template: string;
  request: string;
  cadence: Cadence["kind"];
  at_time: string;
  weekday: number | null;
  days: number[] | null;
  month_day: number | null;
  every_n: number | null;
  cron: string | null;
  status: ScheduleStatus;
  paused_reason: "customer" | "failures" | null;
  approval_id: string | null;
  budget_micros: string | null;
  created_by: string | null;
  next_run_at: Date | null;
  last_run_at: Date | null;
  consecutive_failures: number;
};

/** The select list for a `ScheduleRow`, from the table aliased `alias`. */
export function scheduleColumns(alias: string): string {
  const a = `${alias}.`;
  return [
    "id",
    "customer_id",
    "employee_id",
    "role_template",
    "request",
    "cadence",
    "weekday",
    "days",
    "month_day",
    "every_n",
    "cron",
    "status",
    "paused_reason",
    "approval_id",
    "created_by",
    "next_run_at",
    "last_run_at",
    "consecutive_failures",
  ]
    .map((c) => a + c)
    .concat([
      `to_char(${a}at_time, 'HH24:MI') as at_time`,
      `${a}budget_micros::text as budget_micros`,
    ])
    .join(", ");
}

/** The cadence a stored schedule runs on. */
export function cadenceOf(row: ScheduleRow): Cadence {
  const at = row.at_time.slice(0, 5);
  switch (row.cadence) {
    case "daily":
      return { kind: "daily", at };
    case "weekdays":
      return { kind: "weekdays", at };
    case "weekly":
      return { kind: "weekly", at, days: row.days?.length ? row.days : [row.weekday ?? 1] };
    case "monthly":
      return { kind: "monthly", at, day: row.month_day ?? 1 };
    case "hourly":
      return { kind: "hourly", every: row.every_n ?? 1, minute: Number(at.slice(3, 5)) };
    case "minutely":
      return { kind: "minutely", every: row.every_n ?? 15 };
    case "cron":
      return { kind: "cron", expression: row.cron ?? "" };
  }
}

/** The column values that store `cadence`. */
export function cadenceColumns(cadence: Cadence) {
  return {
    cadence: cadence.kind,
    at_time:
      "at" in cadence
        ? cadence.at
        : cadence.kind === "hourly"
          ? `00:${String(cadence.minute).padStart(2, "0")}`
          : "00:00",
    weekday: cadence.kind === "weekly" ? (cadence.days[0] ?? null) : null,
    days: cadence.kind === "weekly" ? [...new Set(cadence.days)].sort() : null,
    month_day: cadence.kind === "monthly" ? cadence.day : null,
    every_n: cadence.kind === "hourly" || cadence.kind === "minutely" ? cadence.every : null,
    cron: cadence.kind === "cron" ? cadence.expression.trim() : null,
  };
}
