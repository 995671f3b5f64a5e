import { setTimeout as sleep } from "node:timers/promises";
import type { Job } from "bullmq";
import type { Logger, Metrics } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";

/** A maintenance job that only waits: operators use it to check a deployment's workers and shutdown. */
export type CanaryJob = { name: "canary"; data: { ms: number } };

/** Lock timing: a job whose worker died is retried after about `lockDuration`. */
export type WorkerTuning = { lockDuration?: number; stalledInterval?: number };

export type WorkerDeps = {
  queues: QueueKit;
  logger: Logger;
  metrics: Metrics;
  tuning?: WorkerTuning;
  /** Handles every other maintenance job (knights' relay and reaper, meter reports); returns false for unknown ones. */
  maintenance?: (job: Job) => Promise<unknown>;
};

/** Starts every queue worker this process runs. */
export function startWorkers({
  queues,
  logger,
  metrics,
  tuning = {},
  maintenance: others,
}: WorkerDeps) {
  const maintenance = queues.worker(
    "maintenance",
    async (job: Job) => {
      if (job.name === "canary") {
        await sleep(Math.min(Number(job.data?.ms) || 0, 60_000));
        return { ok: true };
      }
      const handled = others ? await others(job) : false;
      if (handled === false) logger.warn({ job: job.name }, "unknown maintenance job");
      return { ok: handled !== false };
    },
    { concurrency: 4, ...tuning },
  );
  for (const [role, worker] of [["maintenance", maintenance]] as const) {
    worker.on("completed", () => metrics.jobs.inc({ queue: role, outcome: "completed" }));
    worker.on("failed", (job, err) => {
      metrics.jobs.inc({ queue: role, outcome: "failed" });
      logger.warn({ job: job?.id, err }, "job failed");
    });
  }
  return [maintenance];
}
