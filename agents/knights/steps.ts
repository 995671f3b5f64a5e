/**
 * Task steps: the durable record of a run. A model decision is written
 * (with its usage, settled reservation and cost) before its action is sent
 * to the desktop, as `pending`; the action's outcome and the screenshot after
 * it turn the step `done`. A step found `pending` after a crash is never
 * replayed: it is marked `failed` with `uncertain: true`, and the model is
 * shown a fresh screenshot to judge what happened.
 */
import { usageStatement } from "../../billing/index.ts";
import type { Statement, Tx } from "../../db/index.ts";
import type { ComputerAction, ComputerTurn } from "./model/index.ts";

/**
 * The knight's own steps (`action`, `ask`, `finish`) and the customer's:
 * an `answer` to a question, an action performed while holding the
 * desktop's controls (`customer`), and handing them back (`handback`).
 * `help`: the knight called `request_help` and waits for the customer.
 */
export type StepKind = "action" | "ask" | "help" | "finish" | "answer" | "customer" | "handback";

/** Whether a step was the knight's decision (they count towards the task's step limit). */
export const isKnightStep = (kind: StepKind) =>
  kind === "action" || kind === "ask" || kind === "help" || kind === "finish";

export type ActionOutcome =
  | { ok: true; note?: string; output?: string; exitCode?: number }
  | {
      ok: false;
      error: string;
      maybePerformed: boolean;
      /** A stored login's use waits for this approval: the task pauses until the customer taps. */
      awaitingApproval?: { id: string; summary: string };
    };

export type StepParams = {
  kind: StepKind;
  actions?: ComputerAction[];
  /** The model's text (its summary, question or commentary), or the customer's answer. */
  text?: string;
  /** The screen size the model aimed at when it decided this step (the VM's for a customer's). */
  display?: { width: number; height: number };
  /** A `help` step: why the knight asked (captcha, login, two_factor, choice). */
  reason?: string;
  /** A customer's step: who acted (user id and name). */
  by?: { userId: string; name: string };
};

export type StepOutcome = {
  results?: ActionOutcome[];
  /** The worker stopped while this step's action was in flight: it may or may not have happened. */
  uncertain?: boolean;
  /**
   * While a batch is pending: the index of the action being sent. Absent with
   * `results` present, the step is between two actions (all of `results` done,
   * the next not sent), and a resumed worker performs the rest.
   */
  sending?: number;
  error?: string;
};

export type StepRow = {
  seq: number;
  status: "pending" | "done" | "failed";
  action: string;
  params: StepParams;
  outcome: StepOutcome | null;
  frame_id: string | null;
  cost_micros: string;
};

/** The usage idempotency key of a step's model call. */
export const modelUsageKey = (taskId: string, seq: number) => `knight:${taskId}:${seq}:model`;

/** A task's steps in order. */
export async function loadSteps(tx: Tx, taskId: string): Promise<StepRow[]> {
  const { rows } = await tx.query<StepRow>(
    `select seq, status, action, params, outcome, frame_id, cost_micros::text
       from public.task_steps where task_id = $1 order by seq`,
    [taskId],
  );
  return rows;
}

export type Decision = {
  taskId: string;
  customerId: string;
  seq: number;
  params: StepParams;
  turn: ComputerTurn;
  costMicros: number;
};

/**
 * The statements that record a model decision as step `seq`: the step row
 * (pending when it has actions to perform), the model usage exactly once,
 * the settled reservation, and the task's step count and cost. The first
 * fails on a duplicate `seq`: a second worker on the same task stops there,
 * before acting.
 *
 * The step, the settlement and the task's totals are one statement and the
 * usage goes through the ledger's own statement; the loop sends both as one
 * round trip (`Data.statementsAsService`), or runs them in a transaction
 * with what else ends the task (`recordDecision`).
 */
export function decisionStatements(d: Decision): Statement[] {
  const pending = d.params.kind === "action";
  const { usage } = d.turn;
  return [
    {
      name: "knights_record_step",
      text: `with step as (
         insert into public.task_steps
           (customer_id, task_id, seq, status, action, params, provider, model, input_tokens,
            output_tokens, cache_read_tokens, cache_write_tokens, cost_micros, model_ms, finished_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::bigint, $14,
                 case when $4 = 'done' then now() end)),
       settled as (
         update public.budget_reservations set settled_at = now(), settled_micros = $13::bigint
          where task_id = $2 and seq = $3 and settled_at is null)
       update public.tasks set step_count = step_count + 1, cost_micros = cost_micros + $13::bigint,
              updated_at = now()
        where id = $2`,
      values: [
        d.customerId,
        d.taskId,
        d.seq,
        pending ? "pending" : "done",
        d.params.kind === "action" ? (d.params.actions?.[0]?.action ?? "none") : d.params.kind,
        JSON.stringify(d.params),
        d.turn.provider,
        d.turn.model,
        usage.input,
        usage.output,
        usage.cacheRead,
        usage.cacheWrite,
        d.costMicros,
        d.turn.ms,
      ],
    },
    usageStatement({
      customerId: d.customerId,
      kind: "model_tokens",
      quantity: usage.input + usage.output + usage.cacheRead + usage.cacheWrite,
      costMicros: d.costMicros,
      idempotencyKey: modelUsageKey(d.taskId, d.seq),
      taskId: d.taskId,
      detail: { provider: d.turn.provider, model: d.turn.model, seq: d.seq, ...usage },
    }),
  ];
}

/** Records a model decision in the caller's transaction (see `decisionStatements`). */
export async function recordDecision(tx: Tx, d: Decision): Promise<void> {
  for (const { text, values } of decisionStatements(d)) await tx.query(text, values as unknown[]);
}

export type StepClose = {
  status: "done" | "failed";
  outcome: StepOutcome;
  frameId: string | null;
  actionMs?: number;
  vmId?: string;
};

/**
 * The statement that closes a pending step: performed (done) or not
 * (failed), with the screen after it. With `vmId`, it also records agent
 * activity on that VM. Returns one row, `closed`: 1, or 0 when the step was
 * not pending.
 */
export function closeStepStatement(taskId: string, seq: number, close: StepClose): Statement {
  return {
    name: "knights_close_step",
    text: `with closed as (
       update public.task_steps set status = $3, outcome = $4, frame_id = coalesce($5, frame_id),
              action_ms = $6, finished_at = now()
        where task_id = $1 and seq = $2 and status = 'pending'
        returning 1),
     activity as (update public.vms set last_activity_at = now() where id = $7)
     select count(*)::int as closed from closed`,
    values: [
      taskId,
      seq,
      close.status,
      JSON.stringify(close.outcome),
      close.frameId,
      close.actionMs ?? null,
      close.vmId ?? null,
    ],
  };
}

/**
 * The statement that records how far a pending batch got: the outcomes of
 * the actions performed so far and, with `sending`, the action about to be
 * sent. Written after an action of a batch returns and before the next is
 * sent, so a resumed worker knows which actions happened, which one may
 * have, and which never left (see `resumableFrom`).
 */
export function stepProgressStatement(
  taskId: string,
  seq: number,
  progress: { results: ActionOutcome[]; sending?: number },
): Statement {
  return {
    name: "knights_step_progress",
    text: `update public.task_steps set outcome = $3
            where task_id = $1 and seq = $2 and status = 'pending'`,
    values: [taskId, seq, JSON.stringify(progress)],
  };
}

/**
 * Where a step left pending by a worker that died can go on: the index of
 * its first action never sent, when every earlier one is recorded done and
 * none was in flight; undefined when it must be closed as uncertain.
 */
export function resumableFrom(step: StepRow): number | undefined {
  const actions = step.params.actions ?? [];
  const results = step.outcome?.results;
  if (step.status !== "pending" || !results || step.outcome?.sending !== undefined)
    return undefined;
  if (results.length === 0 || results.length >= actions.length) return undefined;
  return results.every((r) => r.ok) ? results.length : undefined;
}

/** Closes a pending step in the caller's transaction (see `closeStepStatement`). */
export async function closeStep(
  tx: Tx,
  taskId: string,
  seq: number,
  close: StepClose,
): Promise<boolean> {
  const { text, values } = closeStepStatement(taskId, seq, close);
  const { rows } = await tx.query<{ closed: number }>(text, values as unknown[]);
  return rows[0]?.closed === 1;
}

/** Gives a step that has no screenshot yet the one taken now (resume, failed capture). */
export async function attachFrame(tx: Tx, taskId: string, seq: number, frameId: string) {
  await tx.query(
    "update public.task_steps set frame_id = $3 where task_id = $1 and seq = $2 and frame_id is null",
    [taskId, seq, frameId],
  );
}

/** Records the customer's answer to a question as a step of its own (it is part of the conversation). */
export async function recordAnswer(
  tx: Tx,
  task: { id: string; customer_id: string },
  text: string,
): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(
    `insert into public.task_steps (customer_id, task_id, seq, status, action, params, finished_at)
     select $1, $2, coalesce(max(seq), 0) + 1, 'done', 'answer', $3, now()
       from public.task_steps where task_id = $2
     returning seq`,
    [task.customer_id, task.id, JSON.stringify({ kind: "answer", text } satisfies StepParams)],
  );
  return rows[0]!.seq;
}
