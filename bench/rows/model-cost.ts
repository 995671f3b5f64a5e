/**
 * Model cost per task: dollars per step at list prices (the billing price
 * table, as the step rows record them) at steps 5, 20 and 50 of one long
 * task, with prompt caching as the product uses it. Baselines in the same
 * run: the same loop without cache breakpoints, and the reference
 * computer-use loop's policy (all text history kept, the last 3 screenshots,
 * no cache breakpoints). Tokens are what the model sandbox counts (images by
 * size as Anthropic does) and its prompt cache reads and writes.
 */
import type { KnightsOptions } from "../../agents/knights/index.ts";
import { startKnightBench } from "../knights/setup.ts";
import { num, type Row } from "../report.ts";
import { waitUntil } from "../stats.ts";

const settings = { full: { checkpoints: [5, 20, 50] }, quick: { checkpoints: [5, 10] } };
/** The reference loop keeps every step's text and drops all but the last 3 screenshots. */
const REFERENCE: KnightsOptions = {
  images: 3,
  slidingImages: true,
  window: { max: 10_000, keep: 10_000 },
};
/** The cache-read share of input tokens the product must reach from step 5 on. */
const CACHE_SHARE = 0.7;

type StepCost = { seq: number; micros: number; input: number; read: number; write: number };

/** Per-step cost and tokens of one task of `steps` actions under a context policy. */
async function taskCosts(
  steps: number,
  options: KnightsOptions,
  promptCaching: boolean,
): Promise<StepCost[]> {
  const bench = await startKnightBench({
    steps,
    promptCaching,
    options: { concurrency: 1, ...options },
  });
  try {
    const taskId = await bench.deploy(0);
    // Without caching a long task costs more than a role's task budget; a pause would end the run.
    await bench.data.asService("bench: raise task budget", (tx) =>
      tx.query("update public.tasks set budget_micros = 50000000 where id = $1", [taskId]),
    );
    const done = await waitUntil(async () => ((await bench.statuses()).succeeded ?? 0) === 1, {
      timeoutMs: 60_000 + steps * 2_000,
      everyMs: 100,
    });
    if (!done) throw new Error(`task did not finish: ${JSON.stringify(await bench.statuses())}`);
    return await bench.data.asService("bench: step costs", async (tx) => {
      const { rows } = await tx.query<StepCost>(
        `select seq, cost_micros::float8 as micros, input_tokens as input,
                cache_read_tokens as read, cache_write_tokens as write
           from public.task_steps where task_id = $1 order by seq`,
        [taskId],
      );
      return rows;
    });
  } finally {
    await bench.close();
  }
}

const dollars = (micros: number) => `$${num(micros / 1e6, 4)}`;
const share = (s: StepCost) => s.read / Math.max(1, s.input + s.read + s.write);

export const modelCostRow: Row = {
  id: "model-cost",
  name: "model cost per task",
  target: `step 50 ≤ 0.5× the reference loop's cost; cache reads ≥ ${CACHE_SHARE * 100}% of the input tokens of steps 5 on`,
  async run(ctx) {
    const { checkpoints } = settings[ctx.mode];
    const last = checkpoints.at(-1)!;
    ctx.log(`model cost: one task of ${last + 1} steps, as the product runs it`);
    const ours = await taskCosts(last + 1, {}, true);
    ctx.log("model cost: the same loop without cache breakpoints");
    const uncached = await taskCosts(last + 1, {}, false);
    ctx.log("model cost: the reference loop's policy (all text, last 3 screenshots)");
    const reference = await taskCosts(last + 1, REFERENCE, false);
    const at = (list: StepCost[], seq: number) => {
      const step = list.find((s) => s.seq === seq);
      if (!step) throw new Error(`no step ${seq} (the task had ${list.length})`);
      return step;
    };
    const ratio = at(ours, last).micros / at(reference, last).micros;
    // From step 5 on: the share of all input tokens those steps sent that were cache reads
    // (a fold, every 6 steps, rewrites the prefix once; the lowest step is reported too).
    const from5 = ours.filter((s) => s.seq >= 5 && s.seq <= last);
    const sum = (pick: (s: StepCost) => number) => from5.reduce((n, s) => n + pick(s), 0);
    const totalShare = share({
      seq: 0,
      micros: 0,
      input: sum((s) => s.input),
      read: sum((s) => s.read),
      write: sum((s) => s.write),
    });
    const minShare = Math.min(...from5.map(share));
    const row = (list: StepCost[]) =>
      checkpoints.map((seq) => dollars(at(list, seq).micros)).join(" / ");
    return {
      figure: `per step at steps ${checkpoints.join(", ")}: ${row(ours)}; cache reads ${checkpoints.map((seq) => `${num(share(at(ours, seq)) * 100)}%`).join(" / ")} of input tokens; ${num(totalShare * 100)}% over steps 5–${last} (lowest step ${num(minShare * 100)}%)`,
      baseline: `no cache breakpoints: ${row(uncached)}; reference loop (all text, last 3 screenshots): ${row(reference)}`,
      ratio,
      ratioMeaning: `× the reference loop's cost at step ${last}; ${num(at(ours, last).micros / at(uncached, last).micros, 2)}× without breakpoints`,
      pass: ratio <= 0.5 && totalShare >= CACHE_SHARE,
      metrics: {
        checkpoints: Object.fromEntries(checkpoints.map((seq) => [seq, at(ours, seq)])),
        uncached: Object.fromEntries(checkpoints.map((seq) => [seq, at(uncached, seq)])),
        reference: Object.fromEntries(checkpoints.map((seq) => [seq, at(reference, seq)])),
        ratioToReference: ratio,
        cacheReadShareFrom5: totalShare,
        minCacheReadShare: minShare,
        taskMicros: ours.reduce((n, s) => n + s.micros, 0),
        uncachedTaskMicros: uncached.reduce((n, s) => n + s.micros, 0),
        referenceTaskMicros: reference.reduce((n, s) => n + s.micros, 0),
      },
      notes: [
        "list prices from billing's price table (claude-sonnet-4-6: cache reads 0.1×, cache writes 1.25× the input price); tokens as the model sandbox counts and caches them",
        `task total: ${dollars(ours.reduce((n, s) => n + s.micros, 0))} as built, ${dollars(uncached.reduce((n, s) => n + s.micros, 0))} without breakpoints, ${dollars(reference.reduce((n, s) => n + s.micros, 0))} reference (${last + 1} model calls each)`,
      ],
    };
  },
};
