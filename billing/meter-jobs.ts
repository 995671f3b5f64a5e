import type { Job } from "bullmq";
import type { Notifier } from "../notify/index.ts";
import type { QueueKit } from "../queue/index.ts";
import { notifyBudgetAlerts } from "./budget-alerts.ts";
import { type MeterReportingDeps, type MeterRunResult, reportOverage } from "./meter-reporting.ts";
import { monthPeriod } from "./period.ts";

/** Name and scheduler id of the maintenance job that reports overage and sends budget alerts. */
export const METER_REPORT_JOB = "billing.meter-report";

/** Some reports could not reach Stripe; they stay pending and the next run sends them. */
export class MeterReportingError extends Error {
  readonly result: MeterRunResult;
  constructor(result: MeterRunResult) {
    super(`${result.failed} meter report(s) could not be sent to Stripe; they will be retried`);
    this.name = "MeterReportingError";
    this.result = result;
  }
}

/**
 * Schedules the job on the maintenance queue (one scheduler, whatever the
 * number of processes calling this): every 15 minutes by default.
 */
export async function scheduleMeterReporting(
  queues: Pick<QueueKit, "queue">,
  { everyMs = 15 * 60_000 }: { everyMs?: number } = {},
): Promise<void> {
  await queues.queue("maintenance").upsertJobScheduler(
    METER_REPORT_JOB,
    { every: everyMs },
    {
      name: METER_REPORT_JOB,
      data: {},
      opts: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    },
  );
}

/**
 * The processor for `METER_REPORT_JOB`: reports overage, then (with a
 * notifier) sends due budget alerts for customers with usage this month.
 * Throws when reports stay pending, so the failure shows in job metrics.
 */
export function createMeterReportingProcessor(deps: MeterReportingDeps & { notifier?: Notifier }) {
  return async function processMeterReport(
    _job?: Job,
  ): Promise<MeterRunResult & { alerts: number }> {
    const result = await reportOverage(deps);
    let alerts = 0;
    if (deps.notifier) {
      const period = monthPeriod(deps.now?.() ?? new Date());
      const customers = await deps.data.asService("billing: customers with usage", async (tx) => {
        const { rows } = await tx.query<{ customer_id: string }>(
          "select distinct customer_id from public.usage_events where occurred_at >= $1 and occurred_at < $2",
          [period.start, period.end],
        );
        return rows.map((row) => row.customer_id);
      });
      for (const customerId of customers) {
        alerts += (await notifyBudgetAlerts({ ...deps, notifier: deps.notifier }, customerId))
          .length;
      }
    }
    if (result.failed > 0) throw new MeterReportingError(result);
    return { ...result, alerts };
  };
}
