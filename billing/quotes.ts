/**
 * Quotes: what King Mouse tells the customer before a knight starts, and
 * the actual cost it reports at the end. A knight step is one screenshot
 * read by the model plus one action; its cost is the model call and the VM
 * time it takes.
 */
import type { Data } from "../db/index.ts";
import { modelCostMicros, VM_MINUTE_MICROS } from "./prices.ts";

export type EstimateInput = {
  model: string;
  /** Expected steps; default 15 (a short errand in a browser). */
  steps?: number;
  /** The task's step limit, for the "at most" figure; default `steps`. */
  maxSteps?: number;
  /** Per step: a screenshot (~1.5k tokens) plus instructions and recent history. */
  inputTokensPerStep?: number;
  /** Of those, read from the prompt cache (the stable system prompt and tools). */
  cachedTokensPerStep?: number;
  outputTokensPerStep?: number;
  /** Model time + action + the screen settling. */
  secondsPerStep?: number;
  /** VM boot and set-up before the first step. */
  setupMinutes?: number;
};

export type Estimate = {
  steps: number;
  vmMinutes: number;
  aiMicros: number;
  vmMicros: number;
  costMicros: number;
  /** The same at `maxSteps`: the most the task can cost before its step limit stops it. */
  maxCostMicros: number;
};

/** Estimates a knight task's steps, VM minutes and cost. */
export function estimateTask(input: EstimateInput): Estimate {
  const {
    model,
    steps = 15,
    inputTokensPerStep = 6_000,
    cachedTokensPerStep = 3_000,
    outputTokensPerStep = 250,
    secondsPerStep = 12,
    setupMinutes = 1,
  } = input;
  const maxSteps = Math.max(steps, input.maxSteps ?? steps);
  const stepAiMicros = modelCostMicros(model, {
    input: Math.max(0, inputTokensPerStep - cachedTokensPerStep),
    cacheRead: cachedTokensPerStep,
    output: outputTokensPerStep,
  });
  const at = (n: number) => {
    const vmMinutes = Math.ceil(setupMinutes + (n * secondsPerStep) / 60);
    const aiMicros = n * stepAiMicros;
    const vmMicros = vmMinutes * VM_MINUTE_MICROS;
    return { vmMinutes, aiMicros, vmMicros, costMicros: aiMicros + vmMicros };
  };
  return { steps, ...at(steps), maxCostMicros: at(maxSteps).costMicros };
}

export type ActualCost = {
  taskId: string;
  steps: number;
  aiMicros: number;
  vmMinutes: number;
  vmMicros: number;
  costMicros: number;
};

/** What a task actually cost, from the usage ledger (the source of truth), and its step count. */
export async function taskActualCost(data: Data, taskId: string): Promise<ActualCost> {
  return data.asService("billing: task cost", async (tx) => {
    const { rows } = await tx.query<{ kind: string; quantity: string; cost: string }>(
      `select kind, sum(quantity)::text as quantity, sum(cost_micros)::text as cost
         from public.usage_events where task_id = $1 group by kind`,
      [taskId],
    );
    const steps = await tx.query<{ steps: number }>(
      "select count(*)::int as steps from public.task_steps where task_id = $1",
      [taskId],
    );
    const by = (kind: string) => rows.find((row) => row.kind === kind);
    const aiMicros = Number(by("model_tokens")?.cost ?? 0);
    const vmMicros = Number(by("vm_minutes")?.cost ?? 0);
    return {
      taskId,
      steps: steps.rows[0]?.steps ?? 0,
      aiMicros,
      vmMinutes: Number(by("vm_minutes")?.quantity ?? 0),
      vmMicros,
      costMicros: rows.reduce((sum, row) => sum + Number(row.cost), 0),
    };
  });
}
