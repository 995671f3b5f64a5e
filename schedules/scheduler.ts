/**
 * The scheduler on BullMQ: one job scheduler (`upsertJobScheduler`, every
 * second by default) on the `schedules` queue produces a scan job; whichever
 * worker takes it runs the due scan (`scan.ts`) in batches until nothing is
 * due, then adds the started tasks' knight jobs and sends the notices. Every
 * worker process registers the same scheduler id, so there is one tick
 * however many run, and a tick taken by two (a stalled job retried) still
 * starts each run once: the scan, not the tick, decides.
 *
 * The clock is a dependency (`now`) so tests drive time; production reads
 * the system clock.
 */
import type { Job, Worker } from "bullmq";
import { checkBudget } from "../billing/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import type { ScheduleNotices } from "./notices.ts";
import { type BudgetGate, type RunStart, startDueRuns, type TaskWriter } from "./scan.ts";

export const SCHEDULE_SCAN_JOB = "schedules.scan";

export type SchedulerDeps = {
  data: Data;
  queues: QueueKit;
  logger: Logger;
  /** The budget gate for one run. Default: billing's `checkBudget`, the knights' own gate. */
  checkBudget?: BudgetGate;
  /** Writes a run's knight task: the knights' `writeScheduledTask`. */
  writeTask: TaskWriter;
  /** Adds a queued task's knight job (the knights' `enqueue`; the relay covers failures). */
  enqueue: (taskId: string) => Promise<void>;
  notices?: ScheduleNotices;
  now?: () => Date;
  /** How often the scan runs. Default 1 s. */
  scanEveryMs?: number;
  /** Schedules claimed per transaction. Default 20. */
  batchSize?: number;
  /** Transactions claiming at once in one scan (each holds a pool connection). Default 2. */
  parallel?: number;
};

/** Billing's hard stop (`checkBudget`, the knights' own gate) for one run's budget. */
export const billingGate: BudgetGate = (tx, customerId, costMicros, at) =>
  checkBudget(tx, customerId, { costMicros, now: at });

/** The scheduler's operations, without a worker. */
export function createScheduler(deps: SchedulerDeps) {
  const { data, logger, now = () => new Date(), batchSize = 20, parallel = 2 } = deps;
  const runDeps = {
    checkBudget: deps.checkBudget ?? billingGate,
    writeTask: deps.writeTask,
  } satisfies { checkBudget: BudgetGate; writeTask: TaskWriter };

  /** After commit: knight jobs for started runs, notices for refused ones. */
  async function followUp(results: RunStart[]) {
    await Promise.all(
      results.map(async (run) => {
        try {
          if (run.outcome === "started") await deps.enqueue(run.taskId);
          else if (run.outcome === "over_budget" && run.notify) await deps.notices?.overBudget(run);
        } catch (err) {
          logger.warn({ schedule: run.scheduleId, err }, "schedule run follow-up failed");
        }
      }),
    );
  }

  /** Starts every due run (in batches) and returns what happened to each. */
  async function scan(at: Date = now()): Promise<RunStart[]> {
    const all: RunStart[] = [];
    // Batches commit on their own and their jobs are added while further
    // batches are claimed, so the first runs of a burst start without waiting
    // for the last. Several claim at once (skip locked keeps them disjoint;
    // customers are locked in id order in each, so they cannot deadlock).
    const following: Promise<void>[] = [];
    const claimer = async () => {
      for (;;) {
        const batch = await data.asService("schedules: due scan", (tx: Tx) =>
          startDueRuns(tx, runDeps, { now: at, limit: batchSize }),
        );
        following.push(followUp(batch));
        all.push(...batch);
        if (batch.length < batchSize) return;
      }
    };
    await Promise.all(Array.from({ length: parallel }, claimer));
    await Promise.all(following);
    if (deps.notices)
      await deps.notices.pausedAfterFailures().catch((err: unknown) => {
        logger.warn({ err }, "could not tell customers about paused schedules");
      });
    return all;
  }

  return { scan, followUp, now, runDeps };
}

export type Scheduler = ReturnType<typeof createScheduler>;

/** Starts the scan's job scheduler and a worker for it; `close()` stops the worker. */
export async function startScheduler(deps: SchedulerDeps) {
  const scheduler = createScheduler(deps);
  const worker = deps.queues.worker(
    "schedules",
    async (job: Job) => {
      if (job.name !== SCHEDULE_SCAN_JOB) return { started: 0 };
      const runs = await scheduler.scan();
      return { started: runs.filter((r) => r.outcome === "started").length };
    },
    { concurrency: 1 },
  ) as unknown as Worker;
  worker.on("failed", (job, err) =>
    deps.logger.warn({ job: job?.id, err }, "schedule scan failed"),
  );
  await deps.queues
    .queue("schedules")
    .upsertJobScheduler(
      SCHEDULE_SCAN_JOB,
      { every: deps.scanEveryMs ?? 1_000 },
      { name: SCHEDULE_SCAN_JOB, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  return { ...scheduler, worker, close: () => worker.close() };
}

export type RunningScheduler = Awaited<ReturnType<typeof startScheduler>>;
