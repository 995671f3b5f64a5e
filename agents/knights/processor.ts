/**
 * The BullMQ processor for knight jobs: claim the task (respecting the
 * plan's concurrent-knight limit), run the loop, and turn how it ended into
 * the task's final state. What retrying can fix (a desktop or provider
 * outage) is thrown for BullMQ to retry with backoff, the task staying
 * `running` so the next attempt resumes it; on the last attempt, or for
 * what retrying cannot fix (bad keys, no credits), the task fails with the
 * reason and the customer is told.
 */
import { DelayedError, type Job } from "bullmq";
import { planFor } from "../../billing/index.ts";
import type { QueueKit } from "../../queue/index.ts";
import { ModelCallError, ModelUnavailableError } from "../models/index.ts";
import {
  OrgoAuthError,
  OrgoForbiddenError,
  OrgoInsufficientCreditsError,
  OrgoValidationError,
} from "../orgo/index.ts";
import {
  type KnightRuntime,
  KnightShutdownError,
  type RunOutcome,
  runKnight,
  TaskCancelledError,
} from "./loop.ts";
import type { KnightJob } from "./queue.ts";
import { closeStep, loadSteps } from "./steps.ts";
import { claimTask, finishTask, loadTask } from "./tasks.ts";
import { EmployeeRemovedError } from "./vms.ts";

/** Why a job's signal was aborted. */
export type AbortKind = "cancel" | "shutdown";
export class KnightAbort extends Error {
  override name = "KnightAbort";
  readonly kind: AbortKind;
  constructor(kind: AbortKind) {
    super(kind === "cancel" ? "task cancelled" : "worker shutting down");
    this.kind = kind;
  }
}

export type ProcessorOptions = {
  /** How long a job waits before trying again when the plan's knights are all busy. Default 5 s. */
  busyRetryMs?: number;
};

/** Creates the processor; `active` maps running task ids to their abort controllers. */
export function createKnightProcessor(
  rt: KnightRuntime,
  queues: QueueKit,
  active: Map<string, AbortController>,
  options: ProcessorOptions = {},
) {
  const { data, logger, notices } = rt;
  const busyRetryMs = options.busyRetryMs ?? 5_000;

  return async function processKnightJob(
    job: Job<KnightJob>,
    token?: string,
    jobSignal?: AbortSignal,
  ): Promise<{ outcome: RunOutcome | "skipped" }> {
    const { taskId } = job.data;
    logger.debug({ task: taskId, attempt: job.attemptsMade + 1 }, "knight job started");
    const claim = await data.asService("knights: claim task", (tx) =>
      claimTask(tx, taskId, (plan) => planFor(plan).concurrentKnights),
    );
    if (claim.kind === "not_runnable") return { outcome: "skipped" };
    if (claim.kind === "busy") {
      await job.moveToDelayed(Date.now() + busyRetryMs, token);
      throw new DelayedError();
    }
    const controller = new AbortController();
    const fromBull = () => controller.abort(new KnightAbort("cancel"));
    jobSignal?.addEventListener("abort", fromBull, { once: true });
    active.set(taskId, controller);
    const task = claim.task;
    let ended = true;
    let paused = false;
    try {
      const outcome = await runKnight(rt, task, controller.signal, {
        firstStart: claim.firstStart,
      });
      paused = outcome === "waiting";
      return { outcome };
    } catch (error) {
      const reason = controller.signal.reason;
      const kind = reason instanceof KnightAbort ? reason.kind : undefined;
      if (kind === "shutdown") {
        ended = false;
        throw error;
      }
      if (error instanceof KnightShutdownError) {
        ended = false;
        // A graceful stop between steps: back to the queue without spending an attempt.
        await job.moveToDelayed(Date.now() + 100, token);
        throw new DelayedError();
      }
      if (kind === "cancel" || error instanceof TaskCancelledError) {
        await cancelled(taskId);
        return { outcome: "cancelled" };
      }
      if (error instanceof EmployeeRemovedError) {
        await fail(taskId, "The employee was removed.");
        return { outcome: "failed" };
      }
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      logger.warn(
        { task: taskId, attempt: job.attemptsMade + 1, final, err: error },
        "knight run failed",
      );
      if (final || unrecoverable(error)) {
        await fail(taskId, explain(error));
        return { outcome: "failed" };
      }
      ended = false;
      throw error;
    } finally {
      jobSignal?.removeEventListener("abort", fromBull);
      active.delete(taskId);
      if (ended) {
        await idle(task.employee_id).catch(() => {});
        // The task is over: its desktop stops now unless the employee has more to do.
        if (!paused && task.employee_id)
          await rt.vms
            .stopUnused(task.employee_id)
            .catch((err) =>
              logger.warn({ task: taskId, err }, "could not stop the VM; reaper will"),
            );
        await wakeWaiting(task.customer_id).catch(() => {});
      }
    }
  };

  /** The employee shows as idle once none of its tasks runs. */
  function idle(employeeId: string | null) {
    return data.asService("knights: employee idle", (tx) =>
      tx.query(
        `update public.employees e set status = 'idle'
          where e.id = $1 and e.status = 'working'
            and not exists (select 1 from public.tasks t where t.employee_id = e.id and t.status = 'running')`,
        [employeeId],
      ),
    );
  }

  /** A knight slot is free: tasks of the customer delayed for lack of one go now, not at their retry time. */
  async function wakeWaiting(customerId: string) {
    const ids = await data.asService("knights: waiting tasks", async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `select id from public.tasks where customer_id = $1 and status = 'queued'
          order by queued_at limit 20`,
        [customerId],
      );
      return rows.map((r) => r.id);
    });
    for (const id of ids) {
      const job = await queues.queue<KnightJob>("knights").getJob(id);
      if (job && (await job.getState()) === "delayed") await job.promote().catch(() => {});
    }
  }

  async function cancelled(taskId: string) {
    const task = await data.asService("knights: cancel task", async (tx) => {
      // An action cut off mid-flight may or may not have happened.
      for (const step of (await loadSteps(tx, taskId)).filter((s) => s.status === "pending"))
        await closeStep(tx, taskId, step.seq, {
          status: "failed",
          outcome: {
            ...(step.outcome?.results ? { results: step.outcome.results } : {}),
            uncertain: true,
            error: "Stopped by the customer",
          },
          frameId: null,
        });
      const ended = await finishTask(tx, taskId, {
        status: "cancelled",
        error: "Stopped by the customer",
      });
      return ended ? loadTask(tx, taskId) : undefined;
    });
    if (task) await notices.cancelled(task, await nameOf(task.employee_id));
  }

  async function fail(taskId: string, reason: string) {
    const task = await data.asService("knights: fail task", async (tx) =>
      (await finishTask(tx, taskId, { status: "failed", error: reason }))
        ? loadTask(tx, taskId)
        : undefined,
    );
    if (task) await notices.failed(task, await nameOf(task.employee_id), reason);
  }

  function nameOf(employeeId: string | null): Promise<string> {
    return data.asService("knights: employee name", async (tx) => {
      const { rows } = await tx.query<{ name: string }>(
        "select name from public.employees where id = $1",
        [employeeId],
      );
      return rows[0]?.name ?? "Your knight";
    });
  }
}

function unrecoverable(error: unknown): boolean {
  if (
    error instanceof OrgoAuthError ||
    error instanceof OrgoInsufficientCreditsError ||
    error instanceof OrgoForbiddenError ||
    error instanceof OrgoValidationError
  )
    return true;
  if (error instanceof ModelCallError) return error.kind === "bad_request" || error.kind === "auth";
  if (error instanceof ModelUnavailableError) {
    return error.attempts.every((a) => a.error?.kind === "auth" || a.error?.kind === "bad_request");
  }
  return false;
}

/** A reason for the customer: plain words, no internals. */
function explain(error: unknown): string {
  if (error instanceof OrgoInsufficientCreditsError)
    return "The desktop provider is out of credits; the team has been alerted.";
  if (error instanceof ModelUnavailableError || error instanceof ModelCallError)
    return "The AI model is not reachable right now. Please try again later.";
  if (error instanceof Error && error.name.startsWith("Orgo"))
    return "Its desktop kept failing. Please try again later.";
  return "Something went wrong while working on it. Please try again.";
}
