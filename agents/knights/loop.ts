/**
 * The computer-use loop of one task: screenshot → model decides → Orgo
 * performs → next, until the model finishes, asks the customer something,
 * hits the step or budget limit, or the task is cancelled.
 *
 * Exactly once: the model's decision is committed (step row `pending`, usage
 * under `knight:<task>:<seq>:model`, reservation settled) before its action
 * is sent; once Orgo answered and the screenshot after it is taken, one
 * transaction stores the frame and closes the step with its outcome, before
 * the next step's decision is recorded (it starts once the next step has its
 * reservation, and commits while the model thinks). On resume a `pending` step (the worker died while
 * the action or that screenshot was in flight) is never sent again: it is
 * closed as failed and `uncertain`, and the model judges from a fresh
 * screenshot what happened. A step closed without a screenshot (the
 * screenshot failed) gets one taken before the next step.
 *
 * Each step costs the database three transactions: open (cancel check,
 * budget reservation, VM activity) and record decision in one round trip
 * each, close (frame, outcome, VM activity). Only the decision waits for the
 * disk: it is what makes the action safe to send, and flushing it flushes
 * the step's opening and the previous step's closing with it (see
 * `CommitOptions.lazyCommit`). Announcing the frame
 * and the progress message are best effort and run beside the next step
 * (see `lane.ts`).
 */
import { randomUUID } from "node:crypto";
import { storedLanguage } from "../../accounts/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import {
  type DeliverableStore,
  type DeliverFile,
  textResultFile,
} from "../../deliverables/index.ts";
import { catalogue, type Locale, localeFor } from "../../i18n/index.ts";
import { NoteError, rememberNote } from "../../memory/index.ts";
import type { Logger } from "../../observability/index.ts";
import { responseCostMicros } from "../models/index.ts";
import type { OrgoClient } from "../orgo/index.ts";
import { loadBriefing } from "./briefing.ts";
import { reserveStep, worstCaseStepMicros } from "./budget.ts";
import { buildContext, type ContextOptions } from "./context.ts";
import type { FrameAnnouncement, FramePublisher, FrameStore } from "./frames.ts";
import { hiddenScreenPng, hideScreen, showScreen, typesVisibleSecret } from "./hidden-screen.ts";
import type { InboundFiles } from "./inbound-files.ts";
import { createLane } from "./lane.ts";
import { createSecretSource, type KnightVault } from "./logins.ts";
import type { ComputerModel } from "./model/index.ts";
import type { KnightNotices } from "./notify.ts";
import { type DeliverFile as DeliverFileAction, performActions } from "./perform.ts";
import { budgetPauseMessage, systemPrompt } from "./prompt.ts";
import { modelDisplay, type Size } from "./scale.ts";
import { createScreens, type Screen, type Shot } from "./screens.ts";
import {
  type ActionOutcome,
  attachFrame,
  closeStep,
  closeStepStatement,
  decisionStatements,
  isKnightStep,
  loadSteps,
  recordDecision,
  resumableFrom,
  type StepClose,
  type StepParams,
  type StepRow,
  stepProgressStatement,
} from "./steps.ts";
import { cancelRequested, finishTask, pauseTask, type TaskRow } from "./tasks.ts";
import type { ReadyVm, VmManager } from "./vms.ts";

export type LoopSettings = ContextOptions & {
  /** Largest screenshot the model sees; default 1280×800. */
  maxDisplay?: Size;
  /** Reply budget per step; default 1024 tokens. */
  maxTokens?: number;
  /** Desktop failures in a row after which the attempt is given up (the job retries). Default 5. */
  maxDesktopFailures?: number;
};

export type KnightRuntime = {
  data: Data;
  orgo: OrgoClient;
  model: ComputerModel;
  vms: VmManager;
  frames: FrameStore;
  publisher: FramePublisher;
  notices: KnightNotices;
  /** Files knights hand to customers (`deliver_file`). */
  deliverables?: { deliver: DeliverFile; store: DeliverableStore };
  /** Files customers sent that wait for a knight's desktop. */
  inboundFiles?: Pick<InboundFiles, "placePending">;
  logger: Logger;
  settings: LoopSettings;
  /** True once the worker is closing: the loop stops at the next step boundary. */
  draining: () => boolean;
  /** The customer's stored logins; absent, knights are offered none. */
  vault?: KnightVault;
};

export type RunOutcome = "succeeded" | "waiting" | "failed" | "cancelled";

/** The customer (or an admin) asked the task to stop. */
export class TaskCancelledError extends Error {
  override name = "TaskCancelledError";
}
/** The worker is closing; the task resumes on another run. */
export class KnightShutdownError extends Error {
  override name = "KnightShutdownError";
}
/** The desktop keeps failing; the attempt ends and the job retries later. */
export class DesktopFailingError extends Error {
  override name = "DesktopFailingError";
}

/** What a task paused for a take-over shows as its question. */
const TAKEOVER_PAUSE = "Paused: a person has the controls of the desktop.";

type Employee = { id: string; name: string; role_template: string; status: string };

/** Runs a claimed (running) task until it ends or pauses. */
export async function runKnight(
  rt: KnightRuntime,
  task: TaskRow,
  signal: AbortSignal,
  { firstStart }: { firstStart: boolean },
): Promise<RunOutcome> {
  const { data, notices } = rt;
  const service = <T>(reason: string, fn: (tx: Tx) => Promise<T>) =>
    data.asService(`knights: ${reason}`, fn);
  const employee = await service("load employee", async (tx) => {
    const { rows } = await tx.query<Employee>(
      "select id, name, role_template, status from public.employees where id = $1",
      [task.employee_id],
    );
    return rows[0];
  });
  if (!employee || employee.status === "removed") {
    await service("fail task", (tx) =>
      finishTask(tx, task.id, { status: "failed", error: "The employee was removed" }),
    );
    return "failed";
  }
  const who = employee.name;
  await service("employee working", (tx) =>
    tx.query(
      "update public.employees set status = 'working' where id = $1 and status <> 'removed'",
      [employee.id],
    ),
  );
  if (firstStart) await notices.started(task, who, task.request);

  let vm = await rt.vms.ensure({ id: employee.id, customerId: task.customer_id }, signal);
  // Files the customer sent while no knight was at work go on this desktop first.
  if (firstStart && rt.inboundFiles)
    await rt.inboundFiles
      .placePending({ customerId: task.customer_id, employeeId: employee.id })
      .catch((err) =>
        rt.logger.warn({ task: task.id, err }, "could not place waiting customer files"),
      );
  const display = modelDisplay(vm.size, rt.settings.maxDisplay);
  // The customer who asked reads the knight's question and report in their own language.
  const locale = localeFor(await storedLanguage(data, task.requested_by));
  // Labels only: the values are resolved at the Orgo call (`logins.ts`).
  const logins = rt.vault ? await rt.vault.available(task.customer_id, employee.role_template) : [];
  const briefing = await service("load briefing", (tx) => loadBriefing(tx, task, employee));
  const system = systemPrompt(employee, display, locale, logins, briefing);
  const secrets =
    rt.vault &&
    createSecretSource(
      rt.vault,
      rt.orgo,
      {
        customerId: task.customer_id,
        taskId: task.id,
        employeeId: employee.id,
        role: employee.role_template,
      },
      () => vm.computerId,
    );
  const maxTokens = rt.settings.maxTokens ?? 1024;
  let latest: Screen | undefined;
  let steps = await service("load steps", (tx) => loadSteps(tx, task.id));
  let firstFrameId = task.first_frame_id;
  let desktopFailures = 0;
  /** This run hid the screen (a visible secret) and has not shown it again. */
  let screenHidden = false;

  // A step left pending by a worker that died mid-action: never send it again.
  // A batch stopped between two actions goes on with the ones never sent (below).
  const unfinished = steps.find((s) => resumableFrom(s) !== undefined);
  const pending = steps.filter((s) => s.status === "pending" && s !== unfinished);
  if (pending.length > 0) {
    await service("close interrupted steps", async (tx) => {
      for (const step of pending)
        await closeStep(tx, task.id, step.seq, {
          status: "failed",
          outcome: {
            ...(step.outcome?.results ? { results: step.outcome.results } : {}),
            uncertain: true,
            error: "The worker stopped while this step was in flight",
          },
          frameId: null,
        });
    });
    rt.logger.warn({ task: task.id, steps: pending.map((s) => s.seq) }, "resumed after a crash");
    steps = await service("load steps", (tx) => loadSteps(tx, task.id));
  }

  const screens = createScreens(rt, {
    task,
    employeeId: employee.id,
    display,
    vm: () => vm,
    signal,
  });
  const lane = createLane((err) => rt.logger.warn({ task: task.id, err }, "knight notice failed"));
  /**
   * The last step's closing: started once the next step has its reservation
   * (so the two do not compete), it commits while the model thinks.
   */
  let closing: Deferred | undefined;
  /** Starts the last step's closing if need be and waits for it (throws if it failed). */
  const closed = async () => {
    const pending = closing;
    closing = undefined;
    pending?.start();
    await pending?.done;
  };
  const checkCancel = async () => {
    if (await service("check cancel", (tx) => cancelRequested(tx, task.id)))
      throw new TaskCancelledError("cancel requested");
  };
  /** Keeps a committed shot for the model and announces it beside the next step. */
  const show = async (
    shot: Shot,
    frameId: string,
    seq: number,
    then?: () => Promise<void>,
    committed?: Promise<unknown>,
    sent?: FrameAnnouncement,
  ) => {
    const { screen, announced } = screens.stored(shot, frameId, seq, committed, sent);
    latest = screen;
    await lane.next(async () => {
      await announced;
      await then?.();
    });
  };

  /** Makes sure the model will see the screen as it is after the last step. */
  const observe = async () => {
    const last = steps.at(-1);
    if (last ? last.frame_id : firstFrameId) return;
    await closed();
    // The first screen or a resume, not every step: a stop asked before it takes no screenshot.
    await checkCancel();
    const shot = await screens.take();
    const frameId = await service(last ? "attach frame" : "record first frame", async (tx) => {
      const id = await screens.store(tx, shot);
      if (last) await attachFrame(tx, task.id, last.seq, id);
      else
        await tx.query("update public.tasks set first_frame_id = $2 where id = $1", [task.id, id]);
      return id;
    });
    if (last) last.frame_id = frameId;
    else firstFrameId = frameId;
    await show(shot, frameId, last?.seq ?? 0);
  };

  /**
   * Performs a batch's actions from `from` on, recording before each is sent
   * and after each returns, so each happens exactly once across crashes.
   */
  const perform = (step: StepRow, from: number, computerId: string) => {
    const actions = step.params.actions ?? [];
    const record = (results: readonly ActionOutcome[], sending?: number) =>
      data.statementsAsService("knights: step progress", [
        stepProgressStatement(task.id, step.seq, {
          results: [...results],
          ...(sending === undefined ? {} : { sending }),
        }),
      ]);
    return performActions(
      rt.orgo,
      {
        computerId,
        display: step.params.display ?? display,
        vm: vm.size,
        ...(rt.deliverables
          ? {
              deliver: deliverer(rt, rt.deliverables, { task, seq: step.seq, computerId, who }),
            }
          : {}),
        remember: rememberer(rt, { task, seq: step.seq, employeeId: employee.id }),
      },
      actions,
      signal,
      secrets,
      actions.length > 1
        ? {
            from,
            done: step.outcome?.results ?? [],
            // The first action of a fresh step is covered by its recorded decision.
            before: async (i, results) => {
              if (i > 0 || from > 0) await record(results, i);
            },
            after: async (_i, results) => {
              await record(results);
            },
          }
        : undefined,
    );
  };

  // A batch cut off between two actions: the ones never sent, then its screenshot.
  if (unfinished) {
    const from = resumableFrom(unfinished)!;
    rt.logger.warn(
      { task: task.id, seq: unfinished.seq, from },
      "resuming a batch after a crash with the actions never sent",
    );
    // A batch typing a secret where it shows hides the screen, as when it was decided.
    const hide = typesVisibleSecret(unfinished.params.actions ?? []);
    if (hide) {
      await data.statementsAsService("knights: hide the screen", [hideScreen(vm.id)]);
      screenHidden = true;
    }
    const results = await perform(unfinished, from, vm.computerId);
    const ok =
      results.length === (unfinished.params.actions ?? []).length && results.every((r) => r.ok);
    const taken = await screens.take().catch(() => undefined);
    const shot =
      taken && hide ? { ...taken, bytes: hiddenScreenPng(taken), contentType: "image/png" } : taken;
    const frameId = await service("close resumed step", async (tx) => {
      const id = shot ? await screens.store(tx, shot) : null;
      await closeStep(tx, task.id, unfinished.seq, {
        status: ok ? "done" : "failed",
        outcome: { results },
        frameId: id,
        vmId: vm.id,
      });
      return id;
    });
    unfinished.status = ok ? "done" : "failed";
    unfinished.outcome = { results };
    unfinished.frame_id = frameId;
    if (shot && frameId) await show(shot, frameId, unfinished.seq);
  }

  try {
    for (;;) {
      signal.throwIfAborted();
      if (rt.draining()) throw new KnightShutdownError("worker closing");
      const decided = steps.filter((s) => isKnightStep(s.params.kind)).length;
      if (decided >= task.max_steps) {
        await closed();
        await checkCancel();
        const reason = `It reached its limit of ${task.max_steps} steps before finishing.`;
        await lane.idle();
        await service("fail task", (tx) =>
          finishTask(tx, task.id, { status: "failed", error: reason }),
        );
        await notices.failed(task, who, { stepsLimit: task.max_steps });
        return "failed";
      }
      await observe();
      const seq = (steps.at(-1)?.seq ?? 0) + 1;
      const context = await buildContext(
        {
          system,
          task: task.request,
          steps,
          firstFrameId,
          display,
          image: screens.image,
          maxTokens,
        },
        rt.settings,
      );
      // Offered while the knight has logins or has asked for a one-time code, and kept once used
      // so the history stays valid.
      context.secrets =
        logins.length > 0 ||
        steps.some(
          (st) =>
            st.params.actions?.some((a) => a.action === "type_secret") ||
            (st.params.kind === "help" && st.params.reason === "one_time_code"),
        );

      // Opens the step: stops if asked to, reserves its worst case, marks the VM active.
      const amount = worstCaseStepMicros(rt.model.models, context.promptTokens, maxTokens);
      const reservation = await reserveStep(data, {
        customerId: task.customer_id,
        taskId: task.id,
        seq,
        amountMicros: amount,
        vmId: vm.id,
      });
      if (!reservation.ok) {
        await closed();
        if (reservation.reason === "cancelled") throw new TaskCancelledError("cancel requested");
        if (reservation.reason === "takeover") {
          // A person has the controls: stop here, between steps; handing back re-queues the task.
          await lane.idle();
          await service("pause for take-over", (tx) =>
            pauseTask(tx, task.id, "takeover", TAKEOVER_PAUSE),
          );
          return "waiting";
        }
        const question = budgetPauseMessage(reservation, locale);
        await lane.idle();
        await service("pause for budget", (tx) => pauseTask(tx, task.id, "budget", question));
        await notices.needsInput(task, who, question);
        return "waiting";
      }

      closing?.start();
      const turn = await rt.model.decide(context, { signal });
      const costMicros = responseCostMicros({ model: turn.model, usage: turn.usage });
      const kind: StepParams["kind"] = turn.help
        ? "help"
        : turn.actions.length > 0
          ? "action"
          : turn.text.trim().endsWith("?")
            ? "ask"
            : "finish";
      const params: StepParams = {
        kind,
        ...(turn.actions.length ? { actions: turn.actions } : {}),
        ...(turn.help
          ? { text: turn.help.message, reason: turn.help.reason }
          : turn.text
            ? { text: turn.text }
            : {}),
        display,
      };
      // The customer has heard about every step before the task shows as ended or paused.
      if (kind !== "action") await lane.idle();
      const decision = {
        taskId: task.id,
        customerId: task.customer_id,
        seq,
        params,
        turn,
        costMicros,
      };
      // Durable before the action is sent: one round trip for an action, a
      // transaction with the task's new state for a question or the end.
      // The last step's closing commits first (the decision's flush makes it durable too).
      await closed();
      if (kind === "action")
        await data.statementsAsService("knights: record decision", decisionStatements(decision));
      else
        await service("record decision", async (tx) => {
          await recordDecision(tx, decision);
          if (kind === "ask") await pauseTask(tx, task.id, "question", turn.text.trim());
          else if (kind === "help") await pauseTask(tx, task.id, "help", turn.help!.message);
          else await finishTask(tx, task.id, { status: "succeeded", result: turn.text || "Done." });
        });
      const costSoFar = Number(task.cost_micros) + costMicros;
      task.cost_micros = String(costSoFar);

      if (kind === "finish") {
        // A long result also goes as a file: a table of findings as CSV, a report as Markdown.
        if (rt.deliverables && turn.text.length > LONG_RESULT_CHARS)
          await deliverResult(rt, rt.deliverables, {
            task,
            seq,
            who,
            text: turn.text,
            locale,
          }).catch((err) =>
            rt.logger.warn({ task: task.id, err }, "could not deliver the long result as a file"),
          );
        const final = latest ?? (await screens.lastFrame(steps, firstFrameId));
        await notices.done(task, who, turn.text || "Done.", final?.bytes);
        return "succeeded";
      }
      if (kind === "ask") {
        await notices.needsInput(task, who, turn.text.trim());
        return "waiting";
      }
      if (kind === "help") {
        // The screen that made it ask, so the customer sees what is waiting for them.
        const screen = latest ?? (await screens.lastFrame(steps, firstFrameId));
        await notices.needsHelp(task, who, turn.help!, screen?.bytes);
        return "waiting";
      }

      const step: StepRow = {
        seq,
        status: "pending",
        action: turn.actions[0]!.action,
        params,
        outcome: null,
        frame_id: null,
        cost_micros: String(costMicros),
      };
      steps.push(step);
      // A secret typed where it shows: nobody sees the screen until a later step's frame.
      const hide = typesVisibleSecret(turn.actions);
      if (hide) {
        await data.statementsAsService("knights: hide the screen", [hideScreen(vm.id)]);
        screenHidden = true;
      }
      const started = Date.now();
      const computerId = vm.computerId;
      const results = await perform(step, 0, computerId);
      const actionMs = Date.now() - started;
      const ok = results.length === turn.actions.length && results.every((r) => r.ok);
      const taken = await screens.take().catch((err) => {
        rt.logger.warn({ task: task.id, seq, err }, "screenshot after step failed");
        return undefined;
      });
      // The step's frame (stored, announced, shown to the model) is a placeholder then.
      const shot =
        taken && hide
          ? { ...taken, bytes: hiddenScreenPng(taken), contentType: "image/png" }
          : taken;
      const reveal = screenHidden && !hide && shot ? [showScreen(vm.id)] : [];
      if (reveal.length > 0) screenHidden = false;
      // Outcome, screen and VM activity commit together: the step is complete
      // or still pending. The next step need not wait for it: its opening and
      // model call run meanwhile, and its decision is recorded after (`closed`).
      const frameId = shot ? randomUUID() : null;
      const vmId = vm.id;
      const close: StepClose = {
        status: ok ? "done" : "failed",
        outcome: { results },
        frameId,
        actionMs,
        vmId,
      };
      // One round trip when the frame store is the database; a transaction
      // otherwise. The live view's NOTIFY, if it has one, rides along.
      const frameInsert = shot ? screens.insertStatement(shot, frameId!) : undefined;
      const announcement = shot ? screens.announcement(shot, frameId!, seq) : undefined;
      const announce = announcement?.statements ?? [];
      closing = deferred(() =>
        !shot || frameInsert
          ? data.statementsAsService(
              "knights: close step",
              [
                ...(frameInsert ? [frameInsert] : []),
                closeStepStatement(task.id, seq, close),
                ...reveal,
                ...announce,
              ],
              { lazyCommit: true },
            )
          : data.asService(
              "knights: close step",
              async (tx) => {
                await screens.store(tx, shot, frameId!);
                await closeStep(tx, task.id, seq, close);
                for (const { text, values } of [...reveal, ...announce])
                  await tx.query(text, values as unknown[]);
              },
              { lazyCommit: true },
            ),
      );
      step.status = ok ? "done" : "failed";
      step.outcome = { results };
      step.frame_id = frameId;
      const progress = () =>
        notices.progress(task, {
          who,
          step: decided + 1,
          maxSteps: task.max_steps,
          params,
          costMicros: costSoFar,
        });
      if (shot && frameId) await show(shot, frameId, seq, progress, closing.done, announcement);
      else {
        latest = undefined;
        const committed = closing.done;
        await lane.next(async () => {
          await committed.catch(() => {});
          await progress();
        });
      }

      // A stored login waits for the customer's tap: pause once this step is recorded.
      const asked = results.find((r) => !r.ok && r.awaitingApproval);
      if (asked && !asked.ok && asked.awaitingApproval) {
        await closed();
        await lane.idle();
        const { summary } = asked.awaitingApproval;
        await service("pause for approval", (tx) => pauseTask(tx, task.id, "approval", summary));
        await notices.approvalNeeded(task, who, asked.awaitingApproval);
        return "waiting";
      }

      const desktopFailed = results.some(
        (r) => !r.ok && !r.error.includes("not available on this desktop"),
      );
      if (desktopFailed || !latest) {
        desktopFailures++;
        if (desktopFailures >= (rt.settings.maxDesktopFailures ?? 5))
          throw new DesktopFailingError(`the desktop failed ${desktopFailures} steps in a row`);
        // The VM may have been stopped or lost: bring it back before the next step.
        vm = await rt.vms.ensure({ id: employee.id, customerId: task.customer_id }, signal);
      } else desktopFailures = 0;
    }
  } finally {
    // Leaving with a step still closing (an error, a cancel): let it finish;
    // if it failed, the step stays pending and is resumed as uncertain.
    await closed().catch((err) => rt.logger.warn({ task: task.id, err }, "closing a step failed"));
    await lane.idle();
  }
}

/** A final summary longer than this (what the finished message shows) is also sent as a file. */
const LONG_RESULT_CHARS = 900;

/**
 * Keeps a long final result as a file of the finishing step — `result.csv`
 * when it is a table of findings, else `result.md` — and sends it as a document.
 */
async function deliverResult(
  rt: KnightRuntime,
  deliverables: { store: DeliverableStore },
  at: { task: TaskRow; seq: number; who: string; text: string; locale: Locale },
) {
  const result = textResultFile(at.task.request, at.text);
  // Titled in the requester's language: the chat and the receipt show it.
  const texts = catalogue();
  const file = await deliverables.store.put({
    customerId: at.task.customer_id,
    taskId: at.task.id,
    seq: at.seq,
    fileName: result.fileName,
    title: texts.t(at.locale, `knight-result-file-${result.kind}`),
    description: texts.t(at.locale, "knight-result-file-description"),
    sourcePath: "(the knight's final answer)",
    contentType: result.contentType,
    bytes: result.bytes,
  });
  const sent = await rt.notices.delivered(at.task, at.who, {
    id: file.id,
    fileName: file.file_name,
    title: file.title,
    description: file.description,
    sizeBytes: file.size_bytes,
    sendAs: "document",
    url: "",
  });
  if (sent) await deliverables.store.markSent(file.id, "document");
}

/**
 * Performs a `deliver_file` of step `seq`: export and store (once per step),
 * then the document or link to the customer's chat. The model reads the outcome.
 */
function deliverer(
  rt: KnightRuntime,
  deliverables: { deliver: DeliverFile; store: DeliverableStore },
  at: { task: TaskRow; seq: number; computerId: string; who: string },
): DeliverFileAction {
  return async (action, signal) => {
    const result = await deliverables.deliver({
      task: at.task,
      seq: at.seq,
      computerId: at.computerId,
      path: action.path,
      title: action.title,
      ...(action.description ? { description: action.description } : {}),
      signal,
    });
    if (!result.ok) return { ok: false, error: result.error, maybePerformed: false };
    const file = result.deliverable;
    const sent = await rt.notices.delivered(at.task, at.who, {
      id: file.id,
      fileName: file.file_name,
      title: file.title,
      description: file.description,
      sizeBytes: file.size_bytes,
      sendAs: result.sendAs,
      url: result.url,
    });
    if (sent) await deliverables.store.markSent(file.id, result.sendAs);
    const how =
      result.sendAs === "document"
        ? "sent to the customer's chat"
        : "too big for Telegram: sent as a download link";
    return {
      ok: true,
      note: `${file.file_name} (${file.size_bytes} bytes) delivered, ${sent ? how : "kept on the dashboard (no chat to send it to)"}`,
    };
  };
}

/** Performs a `remember` of step `seq`: one note for the task's own employee; the model reads why not. */
function rememberer(
  rt: KnightRuntime,
  at: { task: TaskRow; seq: number; employeeId: string },
): (action: { note: string }) => Promise<ActionOutcome> {
  return async (action) => {
    try {
      await rt.data.asService("knights: remember a note", (tx) =>
        rememberNote(
          tx,
          {
            customerId: at.task.customer_id,
            employeeId: at.employeeId,
            taskId: at.task.id,
            seq: at.seq,
          },
          action.note,
        ),
      );
      return { ok: true, note: "noted for your next tasks" };
    } catch (error) {
      if (error instanceof NoteError)
        return { ok: false, error: error.message, maybePerformed: false };
      throw error;
    }
  };
}

/** Work that starts later (`start`, once) but can be awaited now (`done`, never unhandled). */
type Deferred = { start: () => void; done: Promise<void> };

function deferred(run: () => Promise<unknown>): Deferred {
  let start = () => {};
  const done = new Promise<void>((resolve, reject) => {
    let started = false;
    start = () => {
      if (started) return;
      started = true;
      run().then(() => resolve(), reject);
    };
  });
  done.catch(() => {}); // reported where it is awaited
  return { start, done };
}

export type { ReadyVm };
