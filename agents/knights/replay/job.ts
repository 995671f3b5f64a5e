/**
 * The replay job: when a task ends (succeeded, failed or cancelled) the
 * knights' worker queues one job per task (job id `replay-<task>`), and a
 * worker of its own, one job at a time, builds the animation from the
 * frames already stored — encoded in a worker thread, so knights sharing
 * the process keep their step times — stores it in `task_replays` and sends
 * it with `sendAnimation`. The row is claimed (`sent_at`) before the send is
 * queued, so a job that runs twice sends one replay.
 */
import type { Job } from "bullmq";
import type { Data } from "../../../db/index.ts";
import type { Logger } from "../../../observability/index.ts";
import type { QueueKit } from "../../../queue/index.ts";
import { describeAction } from "../model/index.ts";
import type { KnightNotices } from "../notify.ts";
import type { StepParams } from "../steps.ts";
import type { Replay, ReplayFrame, ReplayOptions } from "./encode.ts";
import { encodeReplayInThread } from "./encode-thread.ts";

export type ReplayJob = { taskId: string };

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/** Queues the replay of a task that ended; a second call for the same task adds nothing. */
export async function enqueueReplay(queues: QueueKit, taskId: string): Promise<void> {
  await queues.queue<ReplayJob>("replays").add(
    "replay",
    { taskId },
    {
      jobId: `replay-${taskId}`,
      attempts: 3,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 7 * 86_400 },
    },
  );
}

type TaskInfo = {
  id: string;
  customer_id: string;
  requested_by: string | null;
  status: string;
  request: string;
  first_frame_id: string | null;
  employee_name: string | null;
};
type StepFrame = { seq: number; action: string; params: StepParams; bytes: Buffer | null };

/** Creates the replay job's processor. */
export function createReplayProcessor({
  data,
  notices,
  logger,
  encode = encodeReplayInThread,
  options = {},
}: {
  data: Data;
  notices: KnightNotices;
  logger: Logger;
  /** Default: in a worker thread. */
  encode?: (frames: readonly ReplayFrame[], options: ReplayOptions) => Promise<Replay | undefined>;
  options?: ReplayOptions;
}) {
  const service = <T>(reason: string, fn: Parameters<Data["asService"]>[1]) =>
    data.asService(`replays: ${reason}`, fn) as Promise<T>;

  return async function processReplay(job: Job<ReplayJob>) {
    const { taskId } = job.data;
    const task = await service<TaskInfo | undefined>("load task", async (tx) => {
      const { rows } = await tx.query<TaskInfo>(
        `select t.id, t.customer_id, t.requested_by, t.status, t.request, t.first_frame_id, e.name as employee_name
           from public.tasks t left join public.employees e on e.id = t.employee_id where t.id = $1`,
        [taskId],
      );
      return rows[0];
    });
    if (!task || !TERMINAL.has(task.status)) return { sent: false, reason: "task not finished" };

    let stored = await service<
      { sent_at: Date | null; bytes: Buffer; frame_count: number } | undefined
    >(
      "existing replay",
      async (tx) =>
        (
          await tx.query(
            "select sent_at, bytes, frame_count from public.task_replays where task_id = $1",
            [taskId],
          )
        ).rows[0],
    );
    if (stored?.sent_at) return { sent: false, reason: "already sent" };
    if (!stored) {
      const { frames, steps } = await loadFrames(task);
      const started = Date.now();
      const replay = frames.length > 0 ? await encode(frames, options) : undefined;
      if (!replay) return { sent: false, reason: "no frames" };
      logger.info(
        {
          task: taskId,
          frames: replay.frames,
          bytes: replay.bytes.length,
          ms: Date.now() - started,
        },
        "replay built",
      );
      stored = await service("store replay", async (tx) => {
        await tx.query(
          `insert into public.task_replays
             (task_id, customer_id, bytes, size_bytes, frame_count, duration_ms, width, height, frame_steps)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (task_id) do nothing`,
          [
            taskId,
            task.customer_id,
            Buffer.from(replay.bytes),
            replay.bytes.length,
            replay.frames,
            replay.durationMs,
            replay.width,
            replay.height,
            JSON.stringify(steps),
          ],
        );
        return (
          await tx.query(
            "select sent_at, bytes, frame_count from public.task_replays where task_id = $1",
            [taskId],
          )
        ).rows[0];
      });
    }
    const claimed = await service<boolean>("claim replay send", async (tx) => {
      const { rowCount } = await tx.query(
        "update public.task_replays set sent_at = now() where task_id = $1 and sent_at is null",
        [taskId],
      );
      return rowCount === 1;
    });
    if (!claimed || !stored) return { sent: false, reason: "already sent" };
    const who = task.employee_name ?? "Your knight";
    const sent = await notices.replay(
      task,
      {
        who,
        request: task.request,
        frames: stored.frame_count,
        ended:
          task.status === "succeeded"
            ? "succeeded"
            : task.status === "failed"
              ? "failed"
              : "cancelled",
      },
      stored.bytes,
    );
    return { sent };
  };

  /** The first screen, then each step's screen after it, with what the step did. */
  async function loadFrames(task: TaskInfo): Promise<{ frames: ReplayFrame[]; steps: number[] }> {
    const rows = await service<StepFrame[]>("load frames", async (tx) => {
      const { rows } = await tx.query<StepFrame>(
        `select 0 as seq, 'start' as action, '{}'::jsonb as params, f.bytes from public.frames f where f.id = $2
         union all
         select s.seq, s.action, s.params, f.bytes from public.task_steps s join public.frames f on f.id = s.frame_id
          where s.task_id = $1 order by seq`,
        [task.id, task.first_frame_id],
      );
      return rows;
    });
    const usable = rows.filter((r): r is StepFrame & { bytes: Buffer } => r.bytes !== null);
    return {
      frames: usable.map((row) => ({
        image: Buffer.from(row.bytes),
        caption: captionOf(row),
        ...cursorOf(row),
      })),
      steps: usable.map((row) => row.seq),
    };
  }
}

function captionOf(row: StepFrame): string {
  if (row.seq === 0) return "Start";
  const actions = row.params.actions ?? [];
  return `Step ${row.seq}: ${actions.length ? actions.map(describeAction).join(", ") : row.action}`;
}

/** Where the step aimed, from model space (`params.display`) to the screenshot's pixels (filled in by the encoder's scale). */
function cursorOf(row: StepFrame): {
  cursor?: { x: number; y: number };
  cursorSpace?: { width: number; height: number };
} {
  const action = row.params.actions?.[0] as { coordinate?: [number, number] } | undefined;
  const display = row.params.display;
  if (!action?.coordinate || !display) return {};
  return { cursor: { x: action.coordinate[0], y: action.coordinate[1] }, cursorSpace: display };
}

/** Whether a job result means a replay reached the outbox. */
export const replayQueued = (result: unknown) =>
  (result as { sent?: boolean } | undefined)?.sent === true;
