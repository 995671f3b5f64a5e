/**
 * Context growth: the prompt tokens a knight's model call carries at steps
 * 1, 5, 20 and 50 of one long task (uncached + cache read + cache write, as
 * the model sandbox counts them and the step rows record them). Baseline:
 * the same task with the context bounds lifted (every step in full, every
 * screenshot kept), i.e. what replaying the whole history would cost.
 * The chat side (King Mouse's memory) has its own script:
 * `node --import tsx bench/context-growth-chat.ts`.
 */
import type { KnightsOptions } from "../../agents/knights/index.ts";
import { startKnightBench } from "../knights/setup.ts";
import { num, type Row } from "../report.ts";
import { waitUntil } from "../stats.ts";

const settings = { full: { checkpoints: [1, 5, 20, 50] }, quick: { checkpoints: [1, 5, 20] } };
const UNBOUNDED: KnightsOptions = { images: 1_000, window: { max: 1_000, keep: 1_000 } };

/** Prompt tokens per step of one task run to `steps` steps. */
async function promptTokens(steps: number, options: KnightsOptions) {
  const bench = await startKnightBench({ steps, options: { concurrency: 1, ...options } });
  try {
    const taskId = await bench.deploy(0);
    // The unbounded baseline costs more than a role's task budget by step ~45; a budget pause
    // would end the run. Raised long before any step could reach the old one.
    await bench.data.asService("bench: raise task budget", (tx) =>
      tx.query("update public.tasks set budget_micros = 50000000 where id = $1", [taskId]),
    );
    const done = await waitUntil(async () => ((await bench.statuses()).succeeded ?? 0) === 1, {
      timeoutMs: 60_000 + steps * 2_000,
      everyMs: 100,
    });
    if (!done) throw new Error(`task did not finish: ${JSON.stringify(await bench.statuses())}`);
    const cost = await bench.data.asService("bench: task cost", async (tx) => {
      const { rows } = await tx.query<{ cost: string }>(
        "select cost_micros::text as cost from public.tasks where id = $1",
        [taskId],
      );
      return Number(rows[0]!.cost);
    });
    const rows = await bench.data.asService("bench: step tokens", async (tx) => {
      const { rows } = await tx.query<{ seq: number; tokens: number }>(
        `select seq, (input_tokens + cache_read_tokens + cache_write_tokens)::int as tokens
           from public.task_steps where task_id = $1 order by seq`,
        [taskId],
      );
      return rows;
    });
    return { tokens: new Map(rows.map((r) => [r.seq, r.tokens])), costMicros: cost };
  } finally {
    await bench.close();
  }
}

export const contextGrowthRow: Row = {
  id: "context",
  name: "context growth",
  target: "step 50 within 20% of step 5",
  async run(ctx) {
    const { checkpoints } = settings[ctx.mode];
    const last = checkpoints.at(-1)!;
    ctx.log(`context growth: one task of ${last + 1} steps, bounded (the product's settings)`);
    const bounded = await promptTokens(last + 1, {});
    const ours = bounded.tokens;
    ctx.log("context growth: baseline (bounds lifted)");
    const unbounded = await promptTokens(last + 1, UNBOUNDED);
    const full = unbounded.tokens;
    const at = (m: Map<number, number>, seq: number) => m.get(seq) ?? Number.NaN;
    const growth = at(ours, last) / at(ours, 5) - 1;
    return {
      figure: `prompt tokens at steps ${checkpoints.join(", ")}: ${checkpoints.map((s) => num(at(ours, s))).join(" / ")} (step ${last} is ${growth >= 0 ? "+" : ""}${num(growth * 100, 1)}% of step 5)`,
      baseline: `unbounded history: ${checkpoints.map((s) => num(at(full, s))).join(" / ")}; task cost $${num(unbounded.costMicros / 1e6, 2)} vs $${num(bounded.costMicros / 1e6, 2)}`,
      ratio: at(ours, last) / at(full, last),
      ratioMeaning: `of unbounded at step ${last}`,
      pass: Math.abs(growth) <= 0.2,
      metrics: {
        checkpoints: Object.fromEntries(checkpoints.map((s) => [s, at(ours, s)])),
        unbounded: Object.fromEntries(checkpoints.map((s) => [s, at(full, s)])),
        growthStep5ToLast: growth,
        perStep: Object.fromEntries(ours),
        taskCostMicros: bounded.costMicros,
        unboundedTaskCostMicros: unbounded.costMicros,
      },
      notes: [
        "tokens as the model sandbox counts them (text ≈ 4 chars/token, images by size like Anthropic); bounds: 6–12 steps in full, older steps folded, the 3 newest screenshots at a fold and every one since",
      ],
    };
  },
};
