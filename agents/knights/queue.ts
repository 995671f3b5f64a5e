/**
 * Knight jobs on BullMQ: one job per task, job id = task id, data = the task
 * id only (job data is stored in clear text). Postgres is the record: the
 * relay finds tasks that should have a job and do not (the queue was down,
 * the process died between the two writes, a job was lost with Redis) and
 * enqueues them again; the job id makes that harmless when the job exists.
 */
import type { Data } from "../../db/index.ts";
import { addUniqueJob, type QueueKit } from "../../queue/index.ts";

export type KnightJob = { taskId: string };
export const KNIGHT_JOB_NAME = "run";

export type JobPolicy = {
  /** Attempts per job for failures worth retrying (a desktop or provider outage). Default 4. */
  attempts?: number;
  /** First retry delay, doubled each time. Default 10 s. */
  backoffMs?: number;
  /**
   * How long adding a job may take before we give up and leave the task to
   * the relay (a producer waits for a Redis that is down). Default 5 s.
   */
  enqueueTimeoutMs?: number;
};

/**
 * Adds the task's job unless it is already waiting, delayed or running (a
 * finished job of the same id, a task resumed after a question, is replaced).
 */
export function enqueueTask(
  queues: QueueKit,
  taskId: string,
  policy: JobPolicy = {},
): Promise<"added" | "present"> {
  return addUniqueJob<KnightJob>(queues, {
    role: "knights",
    name: KNIGHT_JOB_NAME,
    data: { taskId },
    jobId: taskId,
    options: {
      attempts: policy.attempts ?? 4,
      backoff: { type: "exponential", delay: policy.backoffMs ?? 10_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
    ...(policy.enqueueTimeoutMs ? { timeoutMs: policy.enqueueTimeoutMs } : {}),
  });
}

/** Records that a task's job exists (the relay's marker). */
export function markEnqueued(data: Data, taskId: string) {
  return data.asService("knights: mark enqueued", (tx) =>
    tx.query("update public.tasks set enqueued_at = now() where id = $1", [taskId]),
  );
}

/**
 * Enqueues every queued or running task without a live job. Tasks younger
 * than `graceMs` are left alone: their creator may be enqueueing them right
 * now (harmless either way, but quieter). Returns the ids it enqueued.
 */
export async function relayTasks(
  data: Data,
  queues: QueueKit,
  { graceMs = 10_000, policy = {} }: { graceMs?: number; policy?: JobPolicy } = {},
): Promise<string[]> {
  const candidates = await data.asService("knights: relay scan", async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `select id from public.tasks
        where status in ('queued', 'running') and approved_at is not null
          and updated_at < now() - make_interval(secs => $1::double precision / 1000)
        order by created_at limit 500`,
      [graceMs],
    );
    return rows.map((r) => r.id);
  });
  const added: string[] = [];
  for (const taskId of candidates) {
    if ((await enqueueTask(queues, taskId, policy)) === "added") {
      added.push(taskId);
      await markEnqueued(data, taskId);
    }
  }
  return added;
}
