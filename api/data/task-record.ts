/**
 * What a finished task leaves for its customer, read under RLS for the task
 * page: the files delivered, the replay, the cost broken down (model tokens
 * by kind, VM time, against the approved budget), and the approvals that
 * allowed the work.
 */
import type { Data } from "../../db/index.ts";
import { DELIVERABLE_COLUMNS, type DeliverableRow } from "../../deliverables/store.ts";

export type TaskRecord = {
  files: DeliverableRow[];
  replay: {
    frameCount: number;
    durationMs: number;
    sizeBytes: number;
    frameSteps: number[];
  } | null;
  cost: {
    inputTokens: number;
    outputTokens: number;
    cacheReadTokens: number;
    cacheWriteTokens: number;
    modelMicros: number;
    budgetMicros: number | null;
    vmMinutes: number;
  };
  approvals: {
    id: string;
    kind: string;
    summary: string;
    status: string;
    decided_at: Date | null;
    decider: string | null;
  }[];
};

/** The task page's record of task `taskId` (the caller must be able to read the task). */
export function taskRecord(data: Data, userId: string, taskId: string): Promise<TaskRecord> {
  return data.asUser({ sub: userId }, async (tx) => {
    const files = await tx.query<DeliverableRow>(
      `select ${DELIVERABLE_COLUMNS} from public.deliverables where task_id = $1 order by seq`,
      [taskId],
    );
    const replay = await tx.query<{
      frame_count: number;
      duration_ms: number;
      size_bytes: number;
      frame_steps: number[];
    }>(
      "select frame_count, duration_ms, size_bytes, frame_steps from public.task_replays where task_id = $1",
      [taskId],
    );
    const cost = await tx.query<{
      input: number;
      output: number;
      cache_read: number;
      cache_write: number;
      model_micros: number;
      budget_micros: number | null;
      ms: number | null;
    }>(
      `select coalesce(sum(s.input_tokens), 0)::float8 as input, coalesce(sum(s.output_tokens), 0)::float8 as output,
              coalesce(sum(s.cache_read_tokens), 0)::float8 as cache_read,
              coalesce(sum(s.cache_write_tokens), 0)::float8 as cache_write,
              t.cost_micros::float8 as model_micros, t.budget_micros::float8 as budget_micros,
              (extract(epoch from coalesce(t.finished_at, now()) - t.started_at) * 1000)::float8 as ms
         from public.tasks t left join public.task_steps s on s.task_id = t.id
        where t.id = $1 group by t.id`,
      [taskId],
    );
    const approvals = await tx.query<TaskRecord["approvals"][number]>(
      `select a.id, a.kind, a.summary, a.status, a.decided_at, u.display_name as decider
         from public.approvals a left join public.users u on u.id = a.decided_by
        where a.task_id = $1 or a.id = (select approval_id from public.tasks where id = $1)
        order by a.created_at`,
      [taskId],
    );
    const c = cost.rows[0];
    const r = replay.rows[0];
    return {
      files: files.rows,
      replay: r
        ? {
            frameCount: r.frame_count,
            durationMs: r.duration_ms,
            sizeBytes: r.size_bytes,
            frameSteps: r.frame_steps,
          }
        : null,
      cost: {
        inputTokens: c?.input ?? 0,
        outputTokens: c?.output ?? 0,
        cacheReadTokens: c?.cache_read ?? 0,
        cacheWriteTokens: c?.cache_write ?? 0,
        modelMicros: c?.model_micros ?? 0,
        budgetMicros: c?.budget_micros ?? null,
        vmMinutes: c?.ms ? Math.max(1, Math.ceil(c.ms / 60_000)) : 0,
      },
      approvals: approvals.rows,
    };
  });
}

/** The replay GIF of a task, if the caller may read it. */
export function taskReplay(
  data: Data,
  userId: string,
  taskId: string,
): Promise<Buffer | undefined> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<{ bytes: Buffer }>(
      "select bytes from public.task_replays where task_id = $1",
      [taskId],
    );
    return rows[0] ? Buffer.from(rows[0].bytes) : undefined;
  });
}
