/**
 * Adding a job that Postgres already promised: the record (a queued task, an
 * approval's owed effect) is committed first, then its job is added under an
 * id derived from the record, so adding it twice (the creator and a relay, a
 * retry after a crash) leaves one job. A producer waits for a Redis that is
 * down, so the add is given up after a timeout: the record stays owed and the
 * owner's relay adds the job later.
 */
import type { JobsOptions } from "bullmq";
import type { QueueKit, QueueRole } from "./queues.ts";

/** The queue did not answer in time; the record stays owed in Postgres for the relay. */
export class EnqueueTimeoutError extends Error {
  override name = "EnqueueTimeoutError";
}

export type UniqueJob<Data> = {
  role: QueueRole;
  name: string;
  data: Data;
  jobId: string;
  options?: Omit<JobsOptions, "jobId">;
  /** How long the add may take before it is left to the relay. Default 5 s. */
  timeoutMs?: number;
};

/**
 * Adds the job unless one with its id is already waiting, delayed or active.
 * A finished job of the same id is removed first, since BullMQ ignores an add
 * whose id still exists (a task resumed after a question needs a new run).
 */
export async function addUniqueJob<Data>(
  queues: QueueKit,
  job: UniqueJob<Data>,
): Promise<"added" | "present"> {
  const ms = job.timeoutMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EnqueueTimeoutError(`queue did not answer in ${ms} ms`)),
      ms,
    );
  });
  const adding = add(queues, job);
  // A late add still lands (same job id), so nothing is lost by not waiting for it.
  adding.catch(() => {});
  try {
    return await Promise.race([adding, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function add<Data>(queues: QueueKit, job: UniqueJob<Data>): Promise<"added" | "present"> {
  const queue = queues.queue<Data>(job.role);
  const existing = await queue.getJob(job.jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== "completed" && state !== "failed" && state !== "unknown") return "present";
    await existing.remove().catch(() => {});
  }
  // BullMQ's types want the queue's own name type; the job name is free text.
  await queue.add(job.name as never, job.data as never, { ...job.options, jobId: job.jobId });
  return "added";
}
