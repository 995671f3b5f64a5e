/**
 * Managing schedules: list, history, pause, resume, run now, skip, delete,
 * edit. One function per operation, taking the acting user; the bot's
 * /schedules buttons, King Mouse's tools, the dashboard and the JSON API all
 * call these. Who may act is decided by RLS: reads run as the user, and a
 * change first proves, as the user, that the schedule belongs to a customer
 * they may write for (`private.writable_customer_ids()`, the policies' own
 * helper). The change itself runs on the service path because tenants must
 * not set `status = 'active'` or `next_run_at` directly (a forged request
 * could otherwise start recurring spend without a tap).
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import {
  type Cadence,
  InvalidCadenceError,
  MIN_INTERVAL_MS,
  nextRun,
  runsPerMonth,
  validateCadence,
} from "./cadence.ts";
import { type BudgetGate, type RunStart, startRunNow, type TaskWriter } from "./scan.ts";
import { cadenceColumns, cadenceOf, type ScheduleRow, scheduleColumns } from "./schedule-row.ts";
import { formatInZone } from "./time-zones.ts";

export type ScheduleErrorCode =
  | "not_found"
  | "not_allowed"
  | "invalid"
  | "needs_approval"
  | "wrong_state";

/** Why a schedule operation was refused; `message` is safe to show. */
export class ScheduleError extends Error {
  override name = "ScheduleError";
  readonly code: ScheduleErrorCode;
  constructor(message: string, code: ScheduleErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type ScheduleView = ScheduleRow & { time_zone: string; last_outcome: string | null };

export type RunView = {
  id: string;
  due_at: Date;
  started_at: Date;
  outcome: "started" | "over_budget" | "suspended";
  late: boolean;
  manual: boolean;
  task_id: string | null;
  task_status: string | null;
  result: string | null;
  error: string | null;
  cost_micros: string | null;
};

export type ScheduleControlsDeps = {
  data: Data;
  /** Adds a queued task's knight job (the knights' `enqueue`). */
  enqueue: (taskId: string) => Promise<void>;
  run: { checkBudget: BudgetGate; writeTask: TaskWriter };
  now?: () => Date;
  minIntervalMs?: number;
};

/** The schedule operations every channel calls. */
export function createScheduleControls(deps: ScheduleControlsDeps) {
  const { data, now = () => new Date(), minIntervalMs = MIN_INTERVAL_MS } = deps;

  /** Proves as `userId` that they may change the schedule; returns its customer. */
  async function authorize(userId: string, scheduleId: string): Promise<string> {
    if (!/^[0-9a-f-]{36}$/i.test(scheduleId))
      throw new ScheduleError("That schedule does not exist.", "not_found");
    const { visible, writable } = await data.asUser({ sub: userId }, async (tx) => {
      const { rows } = await tx.query<{ customer_id: string; writable: boolean }>(
        `select customer_id,
                customer_id in (select private.writable_customer_ids()) as writable
           from public.scheduled_tasks where id = $1 and status <> 'cancelled'`,
        [scheduleId],
      );
      return { visible: rows[0]?.customer_id, writable: rows[0]?.writable ?? false };
    });
    if (!visible) throw new ScheduleError("That schedule does not exist.", "not_found");
    if (!writable)
      throw new ScheduleError(
        "Your role can look at schedules but not change them. Ask an owner or admin.",
        "not_allowed",
      );
    return visible;
  }

  /** Changes one schedule on the service path, audited as the user's action. */
  async function change<T>(
    userId: string,
    scheduleId: string,
    action: string,
    fn: (tx: Tx, schedule: ScheduleRow & { time_zone: string }) => Promise<T>,
  ): Promise<T> {
    const customerId = await authorize(userId, scheduleId);
    return data.asService(`schedules: ${action}`, async (tx) => {
      const { rows } = await tx.query<ScheduleRow & { time_zone: string }>(
        `select ${scheduleColumns("s")}, c.time_zone from public.scheduled_tasks s
           join public.customers c on c.id = s.customer_id
          where s.id = $1 and s.customer_id = $2 for update of s`,
        [scheduleId, customerId],
      );
      const schedule = rows[0];
      if (!schedule || schedule.status === "cancelled")
        throw new ScheduleError("That schedule does not exist.", "not_found");
      const result = await fn(tx, schedule);
      await audit(tx, {
        action: `schedule.${action}`,
        targetType: "scheduled_task",
        targetId: scheduleId,
        customerId,
        detail: { by: userId },
      });
      return result;
    });
  }

  return {
    /** The customer's schedules (not deleted), soonest first, as `userId` sees them. */
    list: (userId: string, customerId: string): Promise<ScheduleView[]> =>
      data.asUser({ sub: userId }, async (tx) => {
        const { rows } = await tx.query<ScheduleView>(
          `select ${scheduleColumns("s")}, c.time_zone,
                  (select r.outcome from public.schedule_runs r where r.schedule_id = s.id
                    order by r.started_at desc limit 1) as last_outcome
             from public.scheduled_tasks s join public.customers c on c.id = s.customer_id
            where s.customer_id = $1 and s.status <> 'cancelled'
            order by (s.status = 'active') desc, s.next_run_at nulls last, s.created_at
            limit 50`,
          [customerId],
        );
        return rows;
      }),

    /** A schedule's latest runs with their task's result and cost, as `userId` sees them. */
    history: (userId: string, scheduleId: string, limit = 20): Promise<RunView[]> =>
      data.asUser({ sub: userId }, async (tx) => {
        const { rows } = await tx.query<RunView>(
          `select r.id, r.due_at, r.started_at, r.outcome, r.late, r.manual, r.task_id,
                  t.status as task_status, t.result, t.error, t.cost_micros::text as cost_micros
             from public.schedule_runs r left join public.tasks t on t.id = r.task_id
            where r.schedule_id = $1 order by r.started_at desc limit $2`,
          [scheduleId, Math.min(Math.max(limit, 1), 100)],
        );
        return rows;
      }),

    /** Pauses an active schedule: no runs start until it is resumed. */
    pause: (userId: string, scheduleId: string) =>
      change(userId, scheduleId, "paused", async (tx, s) => {
        if (s.status !== "active") return s.status;
        await tx.query(
          `update public.scheduled_tasks set status = 'paused', paused_reason = 'customer',
                  updated_at = now() where id = $1`,
          [s.id],
        );
        return "paused" as const;
      }),

    /**
     * Resumes a paused schedule from its next slot after now (missed slots
     * while paused do not run). Returns the next run.
     */
    resume: (userId: string, scheduleId: string) =>
      change(userId, scheduleId, "resumed", async (tx, s) => {
        if (s.status === "pending_approval")
          throw new ScheduleError("That schedule is still waiting for approval.", "wrong_state");
        const next = nextRun(cadenceOf(s), s.time_zone, now());
        await tx.query(
          `update public.scheduled_tasks set status = 'active', paused_reason = null,
                  consecutive_failures = 0, pause_noticed_at = null, next_run_at = $2,
                  updated_at = now() where id = $1`,
          [s.id, next],
        );
        return { nextRunAt: next, timeZone: s.time_zone };
      }),

    /** Deletes a schedule (kept as `cancelled` for its run history). */
    remove: (userId: string, scheduleId: string) =>
      change(userId, scheduleId, "deleted", async (tx, s) => {
        await tx.query(
          `update public.scheduled_tasks set status = 'cancelled', next_run_at = null,
                  updated_at = now() where id = $1`,
          [s.id],
        );
        return "deleted" as const;
      }),

    /** The customer chose to skip a run the cap stopped; nothing runs until the next slot. */
    skip: (userId: string, scheduleId: string) =>
      change(userId, scheduleId, "skipped", async () => "skipped" as const),

    /**
     * Starts one run now, outside the cadence, through the same budget gate
     * as a due run; the next slot stays as it was.
     */
    async runNow(userId: string, scheduleId: string): Promise<RunStart> {
      const started = await change(userId, scheduleId, "run_now", async (tx, s) => {
        if (s.status === "pending_approval")
          throw new ScheduleError("That schedule is still waiting for approval.", "wrong_state");
        const run = await startRunNow(tx, deps.run, s.id, now());
        if (!run) throw new ScheduleError("That schedule does not exist.", "not_found");
        return run;
      });
      if (started.outcome === "started") await deps.enqueue(started.taskId);
      return started;
    },

    /**
     * Changes when a schedule runs (or what it does). A new cadence that
     * would run more often in a month than the approved one needs a new
     * approval, so it is refused; moving a time or a day is not.
     */
    edit: (
      userId: string,
      scheduleId: string,
      change_: { cadence?: Cadence; task?: string },
    ): Promise<{ nextRunAt: Date | null; timeZone: string }> =>
      change(userId, scheduleId, "edited", async (tx, s) => {
        const at = now();
        const cadence = change_.cadence ?? cadenceOf(s);
        let first: Date;
        try {
          first = validateCadence(cadence, s.time_zone, at, { minIntervalMs });
        } catch (error) {
          if (error instanceof InvalidCadenceError)
            throw new ScheduleError(error.message, "invalid", { cause: error });
          throw error;
        }
        if (
          change_.cadence &&
          runsPerMonth(cadence, s.time_zone, at) > runsPerMonth(cadenceOf(s), s.time_zone, at)
        )
          throw new ScheduleError(
            "That would run more often than you approved. Ask me for a new schedule instead, and approve it.",
            "needs_approval",
          );
        const task = change_.task?.trim();
        if (task !== undefined && (task.length === 0 || task.length > 4000))
          throw new ScheduleError("The task must be 1 to 4,000 characters.", "invalid");
        const c = cadenceColumns(cadence);
        // A paused schedule gets its next run when it is resumed.
        const nextRunAt = s.status === "active" ? first : null;
        await tx.query(
          `update public.scheduled_tasks
              set cadence = $2, at_time = $3, weekday = $4, days = $5, month_day = $6, every_n = $7,
                  cron = $8, request = coalesce($9, request), next_run_at = $10, updated_at = now()
            where id = $1`,
          [
            s.id,
            c.cadence,
            c.at_time,
            c.weekday,
            c.days,
            c.month_day,
            c.every_n,
            c.cron,
            task ?? null,
            nextRunAt ?? s.next_run_at,
          ],
        );
        return { nextRunAt, timeZone: s.time_zone };
      }),
  };
}

export type ScheduleControls = ReturnType<typeof createScheduleControls>;

/**
 * Moves every active schedule of a customer to its next slot in `timeZone`
 * (after the customer's zone changed), in the caller's service transaction.
 */
export async function rescheduleCustomer(
  tx: Tx,
  customerId: string,
  timeZone: string,
  now: Date,
): Promise<number> {
  const { rows } = await tx.query<ScheduleRow>(
    `select ${scheduleColumns("s")} from public.scheduled_tasks s
      where s.customer_id = $1 and s.status = 'active' for update of s`,
    [customerId],
  );
  for (const s of rows) {
    const next = nextRun(cadenceOf(s), timeZone, now);
    await tx.query("update public.scheduled_tasks set next_run_at = $2 where id = $1", [
      s.id,
      next,
    ]);
  }
  return rows.length;
}

/**
 * The executor for approvals of kind `schedule_edit`: applies the approved
 * cadence as the user who approved it, through `edit` (which refuses a
 * cadence that would run more often than before). Running it twice sets the
 * same values twice.
 */
export function createScheduleEditExecutor(controls: ScheduleControls) {
  return async (approval: {
    decided_by: string | null;
    requested_by: string | null;
    payload: Record<string, unknown>;
  }): Promise<string> => {
    const userId = approval.decided_by ?? approval.requested_by;
    const scheduleId = String(approval.payload.scheduleId ?? "");
    if (!userId) return "I couldn't tell who approved that change, so nothing changed.";
    try {
      const { nextRunAt, timeZone } = await controls.edit(userId, scheduleId, {
        cadence: approval.payload.cadence as Cadence,
      });
      return nextRunAt
        ? `Done. Next run ${formatInZone(nextRunAt, timeZone)}.`
        : "Done. It stays paused until you resume it.";
    } catch (error) {
      if (error instanceof ScheduleError) return error.message;
      throw error;
    }
  };
}
