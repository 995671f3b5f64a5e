/**
 * Wiring: `createKnights(deps)` gives the controls (answer, resume, cancel,
 * remove an employee, relay, reap) without starting anything;
 * `startKnights(deps)` also starts the knight worker, the maintenance jobs
 * (relay and VM reaper as BullMQ job schedulers) and runs the relay once.
 */
import type { Job, Worker } from "bullmq";
import { audit } from "../../audit/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import type { DeliverableStore, DeliverFile } from "../../deliverables/index.ts";
import type { InlineButton, Notifier } from "../../notify/index.ts";
import type { Logger } from "../../observability/index.ts";
import type { QueueKit } from "../../queue/index.ts";
import type { OrgoClient } from "../orgo/index.ts";
import {
  createLocalFramePublisher,
  createPostgresFrameStore,
  type FramePublisher,
  type FrameStore,
} from "./frames.ts";
import { createInboundFiles } from "./inbound-files.ts";
import type { KnightVault } from "./logins.ts";
import type { KnightRuntime, LoopSettings } from "./loop.ts";
import type { ComputerModel } from "./model/index.ts";
import { createKnightNotices } from "./notify.ts";
import { createKnightProcessor, KnightAbort, type ProcessorOptions } from "./processor.ts";
import { enqueueTask, type JobPolicy, type KnightJob, markEnqueued, relayTasks } from "./queue.ts";
import type { ReplayOptions } from "./replay/encode.ts";
import { createReplayProcessor, enqueueReplay, type ReplayJob } from "./replay/job.ts";
import { recordAnswer } from "./steps.ts";
import { createDesktopControl } from "./takeover.ts";
import { loadTask, requeuePausedTask, type StopOutcome, stopTask, type TaskRow } from "./tasks.ts";
import { createVmManager, type VmSettings } from "./vms.ts";

export type KnightsOptions = LoopSettings &
  ProcessorOptions & {
    /** Tasks one worker process runs at once. Default 4. */
    concurrency?: number;
    jobs?: JobPolicy;
    vms?: VmSettings;
    /** A VM without agent activity this long is stopped. Default 10 min. */
    idleStopMs?: number;
    /** A knight waiting for help keeps its VM this long (billed), then it is stopped. Default 10 min. */
    helpWaitMs?: number;
    /** How often the reaper and the relay run. Default 60 s and 30 s. */
    reaperEveryMs?: number;
    relayEveryMs?: number;
    /** The relay leaves tasks younger than this alone. Default 10 s. */
    relayGraceMs?: number;
    /** BullMQ lock timing: a job whose worker died is picked up after about `lockDuration`. */
    worker?: { lockDuration?: number; stalledInterval?: number; maxStalledCount?: number };
    /**
     * Run our own worker on the maintenance queue (default). Set false when
     * the process already has one: it must then pass jobs to `handleMaintenanceJob`.
     */
    maintenanceWorker?: boolean;
    /** Build and send a replay of every finished task (default on), within these limits. */
    replays?: false | ReplayOptions;
  };

export type KnightsDeps = {
  data: Data;
  queues: QueueKit;
  orgo: OrgoClient;
  model: ComputerModel;
  notifier: Notifier;
  logger: Logger;
  /** The dashboard's public URL: knights' messages then carry a "Watch / take over" button. */
  publicUrl?: string;
  /** Default: frames in Postgres. */
  frames?: FrameStore;
  /** Default: an in-process publisher (`knights.frames.subscribe`). */
  publisher?: FramePublisher;
  /** The customer's stored logins (`vault/`'s `createLoginTyper`); absent, knights get none. */
  vault?: KnightVault;
  /** Signed Approve / Deny buttons for an approval in a chat (the bot's callback signer). */
  approvalButtons?: (
    approvalId: string,
    chatId: number,
    t?: (key: string) => string,
  ) => InlineButton[][];
  /** The dashboard's public origin, for links in receipts. */
  dashboardUrl?: string;
  /** Hands files knights made to customers (`deliver_file`); without it the tool answers unavailable. */
  deliverables?: { deliver: DeliverFile; store: DeliverableStore };
  options?: KnightsOptions;
};

export const MAINTENANCE_JOBS = { relay: "knights.relay", reap: "knights.reap" } as const;

/** The knights' controls, without workers. */
export function createKnights(deps: KnightsDeps) {
  const { data, queues, logger, options = {} } = deps;
  const local = createLocalFramePublisher();
  const publisher = deps.publisher ?? local;
  const frames = deps.frames ?? createPostgresFrameStore(data);
  const notices = createKnightNotices({
    data,
    notifier: deps.notifier,
    logger,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    approvalButtons: deps.approvalButtons,
    ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}),
  });
  const vms = createVmManager({ data, orgo: deps.orgo, logger, settings: options.vms ?? {} });
  const active = new Map<string, AbortController>();
  let draining = false;
  const runtime: KnightRuntime = {
    data,
    orgo: deps.orgo,
    model: deps.model,
    vms,
    frames,
    publisher,
    notices,
    ...(deps.deliverables ? { deliverables: deps.deliverables } : {}),
    inboundFiles: createInboundFiles({ data, orgo: deps.orgo, logger }),
    logger,
    settings: options,
    draining: () => draining,
    ...(deps.vault ? { vault: deps.vault } : {}),
  };

  const enqueue = async (taskId: string) => {
    try {
      await enqueueTask(queues, taskId, options.jobs);
      await markEnqueued(data, taskId);
    } catch (error) {
      logger.warn({ task: taskId, err: error }, "queue unavailable; relay will enqueue");
    }
  };

  /**
   * After a job ended with its task paused: an answer that came while the
   * job was still finishing found it active and added nothing (BullMQ keeps
   * one job per id), so a task that is queued again by now gets its job here.
   */
  const requeueIfResumed = async (taskId: string) => {
    const { rows } = await data.statementAsService<{ status: string }>(
      "knights: resumed while pausing",
      "select status from public.tasks where id = $1",
      [taskId],
    );
    if (rows[0]?.status === "queued") await enqueue(taskId);
  };

  /** Puts a paused task back to work, with the customer's answer when it asked a question. */
  async function resume(taskId: string, answer?: string): Promise<boolean> {
    const resumed = await data.asService("knights: resume task", async (tx) => {
      // Locked first, so two answers racing cannot both be recorded.
      await tx.query("select 1 from public.tasks where id = $1 for update", [taskId]);
      const task = await loadTask(tx, taskId);
      if (task?.status !== "waiting_for_input") return { requeued: false, answered: false };
      // An answer also reaches a knight paused for a take-over or for help (a code, a choice).
      const answered = answer !== undefined && task.paused_reason !== "budget";
      if (answered) await recordAnswer(tx, task, answer.slice(0, 4000));
      // While a person holds the controls the task stays paused; handing back resumes it.
      return { requeued: (await requeuePausedTask(tx, taskId)) !== undefined, answered };
    });
    if (resumed.requeued) await enqueue(taskId);
    return resumed.requeued || resumed.answered;
  }

  const knights = {
    runtime,
    /** Take control of a knight's desktop, act on it, hand it back (`takeover.ts`). */
    control: createDesktopControl({
      data,
      orgo: deps.orgo,
      vms,
      frames,
      publisher,
      logger,
      enqueue: (taskId) => enqueue(taskId),
    }),
    frames,
    /** Subscribe here for live frames when the default in-process publisher is used. */
    liveFrames: local,
    vms,
    processor: createKnightProcessor(runtime, queues, active, options),
    requeueIfResumed,
    enqueue,
    /** Answers a task's question (or resumes a budget pause) and re-queues it. */
    answerTask: (taskId: string, text: string) => resume(taskId, text),
    /** Resumes a paused task without an answer (e.g. after the budget was raised). */
    resumeTask: (taskId: string) => resume(taskId),
    /**
     * The bot's entry point: the customer's message answers their most recent
     * task waiting for input. Returns whether one was waiting.
     */
    async answerForCustomer({ customerId, text }: { customerId: string; text: string }) {
      const taskId = await data.asService("knights: find waiting task", async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `select id from public.tasks where customer_id = $1 and status = 'waiting_for_input'
            order by updated_at desc limit 1`,
          [customerId],
        );
        return rows[0]?.id;
      });
      return taskId ? resume(taskId, text) : false;
    },
    /**
     * A one-time code the customer sent in reply to a knight that asked for
     * one (`request_help`, reason `one_time_code`): sealed for that task,
     * never written into its steps, and the task resumes with a note that
     * it arrived. `not_waiting` when no knight waits for a code; `no_code`
     * when the reply holds nothing code-like (it is then an ordinary answer).
     * The bot deletes the customer's message once it is `relayed`.
     */
    async relayCode({
      customerId,
      userId,
      text,
    }: {
      customerId: string;
      userId: string | null;
      text: string;
    }): Promise<"relayed" | "not_waiting" | "no_code"> {
      const hold = deps.vault?.holdCode;
      if (!hold) return "not_waiting";
      const outcome = await data.asService("knights: relay a one-time code", async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `select t.id from public.tasks t
            where t.customer_id = $1 and t.status = 'waiting_for_input' and t.paused_reason = 'help'
              and (select s.params->>'reason' from public.task_steps s
                    where s.task_id = t.id and s.params->>'kind' = 'help'
                    order by s.seq desc limit 1) = 'one_time_code'
            order by t.updated_at desc limit 1
            for update of t`,
          [customerId],
        );
        const task = rows[0] && (await loadTask(tx, rows[0].id));
        if (!task) return { result: "not_waiting" as const };
        if (!(await hold(tx, { customerId, taskId: task.id, userId, text })))
          return { result: "no_code" as const };
        // What the knight reads: that the code came, never the code.
        await recordAnswer(
          tx,
          task,
          "The customer sent the one-time code through the platform (you will not see it). Click the code input, then call type_secret with field one_time_code.",
        );
        const requeued = await requeuePausedTask(tx, task.id);
        return { result: "relayed" as const, requeued: requeued?.id };
      });
      if ("requeued" in outcome && outcome.requeued) await enqueue(outcome.requeued);
      return outcome.result;
    },
    /**
     * Stops a task (see `stopTask` in tasks.ts) as `userId` under RLS, or on
     * the service path without one; a task running in this process is
     * aborted mid-step, and the customer hears about one stopped at once.
     */
    async stopTask(input: {
      ref: string;
      customerId?: string;
      userId?: string;
      reason?: string;
    }): Promise<{ outcome: StopOutcome; taskId?: string }> {
      const stop = (tx: Tx) => stopTask(tx, input);
      const result = input.userId
        ? await data.asUser({ sub: input.userId }, stop)
        : await data.asService("knights: stop task", stop);
      if (result.outcome === "requested" && result.taskId)
        active.get(result.taskId)?.abort(new KnightAbort("cancel"));
      if (result.outcome === "cancelled" && result.taskId) {
        const task = await data.asService("knights: load task", (tx) =>
          loadTask(tx, result.taskId!),
        );
        if (task) {
          await notices.cancelled(task, "Your knight");
          // A task stopped while paused (for help, say) no longer holds its desktop.
          if (task.employee_id)
            await vms
              .stopUnused(task.employee_id)
              .catch((err) => logger.warn({ task: task.id, err }, "could not stop the VM"));
        }
      }
      return result;
    },
    /** Stops a task on the service path (operators, tests): at once when not running, within one step when it is. */
    async cancelTask(taskId: string, { by }: { by?: string } = {}) {
      const { outcome } = await knights.stopTask({ ref: taskId, ...(by ? { reason: by } : {}) });
      if (outcome === "cancelled") return "cancelled" as const;
      return outcome === "requested" || outcome === "already_requested"
        ? ("requested" as const)
        : ("already_finished" as const);
    },
    /** Removes an employee: its tasks stop, its VM is stopped, metered and deleted. `by` is who asked (audit). */
    async removeEmployee(employeeId: string, { by }: { by?: string } = {}) {
      const running = await data.asService("knights: remove employee", async (tx) => {
        const { rows: removed } = await tx.query<{ customer_id: string }>(
          `update public.employees set status = 'removed', removed_at = coalesce(removed_at, now())
            where id = $1 returning customer_id`,
          [employeeId],
        );
        if (removed[0])
          await audit(tx, {
            action: "knights.employee_removed",
            targetType: "employee",
            targetId: employeeId,
            customerId: removed[0].customer_id,
            detail: { by: by ?? null },
          });
        const { rows } = await tx.query<{ id: string }>(
          "select id from public.tasks where employee_id = $1 and status in ('awaiting_approval', 'queued', 'running', 'waiting_for_input')",
          [employeeId],
        );
        for (const { id } of rows) await stopTask(tx, { ref: id, reason: "employee removed" });
        return rows.map((r) => r.id);
      });
      for (const id of running) active.get(id)?.abort(new KnightAbort("cancel"));
      await vms.remove(employeeId);
    },
    /** Enqueues tasks that are queued (or running) in Postgres but have no job. */
    relay: () => relayTasks(data, queues, { graceMs: options.relayGraceMs, policy: options.jobs }),
    /**
     * Stops VMs idle for longer than `idleStopMs` (a knight waiting for help:
     * `helpWaitMs`), and tells the customer whose knight waits for help.
     */
    reapIdleVms: () =>
      vms.stopIdle(options.idleStopMs ?? 10 * 60_000, {
        helpWaitMs: options.helpWaitMs ?? 10 * 60_000,
        onStopped: async (vm) => {
          const waiting = await data.asService("knights: help waiting on a stopped vm", (tx) =>
            tx.query<TaskRow & { name: string }>(
              `select t.*, e.name from public.tasks t join public.employees e on e.id = t.employee_id
                where t.employee_id = $1 and t.status = 'waiting_for_input' and t.paused_reason = 'help'`,
              [vm.employee_id],
            ),
          );
          for (const task of waiting.rows) await notices.desktopPaused(task, task.name);
        },
      }),
    /** Runs a maintenance job if it is one of ours; returns false otherwise. */
    async handleMaintenanceJob(job: Job): Promise<boolean> {
      if (job.name === MAINTENANCE_JOBS.relay) await knights.relay();
      else if (job.name === MAINTENANCE_JOBS.reap) await knights.reapIdleVms();
      else return false;
      return true;
    },
    /** Asks running loops to stop: at the next step (graceful) or at once (`force`). */
    stopLoops(force: boolean) {
      draining = true;
      if (force)
        for (const controller of active.values()) controller.abort(new KnightAbort("shutdown"));
    },
  };
  return knights;
}

export type Knights = ReturnType<typeof createKnights>;

/**
 * Starts the knight worker, the relay and reaper schedulers, and runs the
 * relay once (tasks approved while no worker ran). `close()` lets running
 * loops stop at their next step boundary (they resume on the next start);
 * `close({ force: true })` aborts them mid-step, as a crash would.
 */
export async function startKnights(deps: KnightsDeps) {
  const knights = createKnights(deps);
  const { queues, logger, options = {} } = deps;
  const workerOptions = {
    lockDuration: options.worker?.lockDuration ?? 30_000,
    stalledInterval: options.worker?.stalledInterval ?? 30_000,
    // Resuming is safe by design, so a task may survive many crashed workers.
    maxStalledCount: options.worker?.maxStalledCount ?? 100,
  };
  const workers: Worker[] = [
    queues.worker<KnightJob>("knights", knights.processor, {
      concurrency: options.concurrency ?? 4,
      ...workerOptions,
    }) as unknown as Worker,
  ];
  workers[0]!.on("failed", (job, err) =>
    logger.warn({ task: job?.id, err }, "knight job attempt failed"),
  );
  workers[0]!.on("completed", (job: Job<KnightJob>, result: { outcome?: string } | undefined) => {
    const outcome = result?.outcome;
    if (
      options.replays !== false &&
      (outcome === "succeeded" || outcome === "failed" || outcome === "cancelled")
    )
      enqueueReplay(queues, job.data.taskId).catch((err: unknown) =>
        logger.warn({ task: job.data.taskId, err }, "could not queue the task's replay"),
      );
    if (outcome !== "waiting") return;
    knights
      .requeueIfResumed(job.data.taskId)
      .catch((err: unknown) =>
        logger.warn({ task: job.data.taskId, err }, "could not check a paused task; relay will"),
      );
  });
  if (options.replays !== false) {
    // One replay at a time, encoded in a worker thread: knights' steps never wait for it.
    const processReplay = createReplayProcessor({
      data: deps.data,
      notices: knights.runtime.notices,
      logger,
      options: options.replays ?? {},
    });
    workers.push(
      queues.worker<ReplayJob>("replays", processReplay, { concurrency: 1 }) as unknown as Worker,
    );
  }
  if (options.maintenanceWorker !== false) {
    workers.push(
      queues.worker(
        "maintenance",
        async (job) => {
          if (!(await knights.handleMaintenanceJob(job)))
            logger.warn({ job: job.name }, "maintenance job for someone else reached the knights");
        },
        { concurrency: 1 },
      ) as unknown as Worker,
    );
  }
  const maintenance = queues.queue("maintenance");
  await maintenance.upsertJobScheduler(
    MAINTENANCE_JOBS.relay,
    { every: options.relayEveryMs ?? 30_000 },
    { name: MAINTENANCE_JOBS.relay },
  );
  await maintenance.upsertJobScheduler(
    MAINTENANCE_JOBS.reap,
    { every: options.reaperEveryMs ?? 60_000 },
    { name: MAINTENANCE_JOBS.reap },
  );
  await knights.relay().catch((err) => logger.warn({ err }, "initial relay failed"));

  let closing: Promise<void> | undefined;
  return {
    ...knights,
    workers,
    close({ force = false }: { force?: boolean } = {}) {
      closing ??= (async () => {
        knights.stopLoops(force);
        await Promise.allSettled(workers.map((w) => w.close(force)));
      })();
      return closing;
    },
  };
}

export type RunningKnights = Awaited<ReturnType<typeof startKnights>>;
