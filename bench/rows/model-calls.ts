/**
 * Model calls per task: the same scripted task (click a field, type a line,
 * press Enter, again and again) played by a model that returns the actions
 * needing no look at the screen between them in one turn (parallel tool use,
 * as the knights accept it) against one action per call. Figure: model calls
 * and wall time per task at a realistic model latency; baseline: the same
 * task one action per call, in the same run.
 */
import { startKnightBench } from "../knights/setup.ts";
import { num, type Row } from "../report.ts";
import { waitUntil } from "../stats.ts";

const settings = {
  full: { actions: 30, modelMs: 3_000, orgoMs: 300 },
  quick: { actions: 9, modelMs: 200, orgoMs: 20 },
};

/**
 * One task of `actions` actions; its model calls and seconds from the first
 * model call to the last decision (the VM's start, the same in both, left out).
 */
async function oneTask(
  s: (typeof settings)["full"],
  batch: boolean,
): Promise<{ calls: number; seconds: number; actions: number }> {
  const bench = await startKnightBench({
    steps: s.actions,
    batch,
    modelLatencyMs: s.modelMs,
    orgoLatencyMs: s.orgoMs,
    options: { concurrency: 1 },
  });
  try {
    const taskId = await bench.deploy(0);
    const done = await waitUntil(async () => ((await bench.statuses()).succeeded ?? 0) === 1, {
      timeoutMs: 60_000 + s.actions * (s.modelMs + 3 * s.orgoMs + 2_000),
      everyMs: 50,
    });
    if (!done) throw new Error(`task did not finish: ${JSON.stringify(await bench.statuses())}`);
    return await bench.data.asService("bench: task calls", async (tx) => {
      const { rows } = await tx.query<{ calls: number; actions: number; seconds: number }>(
        `select count(*)::int as calls,
                coalesce(sum(jsonb_array_length(coalesce(s.params->'actions', '[]'::jsonb))), 0)::int as actions,
                (extract(epoch from (max(s.started_at) - min(s.started_at)))
                  + min(s.model_ms) filter (where s.seq = 1) / 1000.0)::float8 as seconds
           from public.task_steps s
          where s.task_id = $1`,
        [taskId],
      );
      return rows[0]!;
    });
  } finally {
    await bench.close();
  }
}

export const modelCallsRow: Row = {
  id: "model-calls",
  name: "model calls per task",
  target: "calls per task ≤ 0.5× one action per call, and less wall time",
  async run(ctx) {
    const s = settings[ctx.mode];
    ctx.log(
      `model calls: one task of ${s.actions} actions, model ${s.modelMs} ms, Orgo ${s.orgoMs} ms, batched`,
    );
    const ours = await oneTask(s, true);
    ctx.log("model calls: baseline (one action per call)");
    const single = await oneTask(s, false);
    const callRatio = ours.calls / single.calls;
    const timeRatio = ours.seconds / single.seconds;
    return {
      figure: `${num(ours.calls)} model calls, ${num(ours.seconds, 1)} s for a task of ${num(ours.actions)} actions (up to 3 per call)`,
      baseline: `one action per call: ${num(single.calls)} calls, ${num(single.seconds, 1)} s`,
      ratio: callRatio,
      ratioMeaning: `× the calls; wall time ${num(timeRatio, 2)}×`,
      pass: callRatio <= 0.5 && timeRatio < 1 && ours.actions === single.actions,
      metrics: {
        calls: ours.calls,
        seconds: ours.seconds,
        actions: ours.actions,
        baseline: single,
        callRatio,
        timeRatio,
        modelLatencyMs: s.modelMs,
        orgoLatencyMs: s.orgoMs,
      },
      notes: [
        `model sandbox answers after ${s.modelMs} ms, Orgo after ${s.orgoMs} ms; calls include the final report; a batch is one model call, its actions each recorded before and after they are sent, one screenshot after it`,
      ],
    };
  },
};
