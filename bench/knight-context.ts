/**
 * Input tokens per step of one long knight task, against the model and Orgo
 * sandboxes (which count image tokens as Anthropic does: width × height / 750).
 * Shows that with the 3 most recent screenshots kept, old steps folded, and
 * the stable prefix cached, what a step sends stays flat however long the task
 * runs, next to a naive loop that keeps every screenshot and step.
 *
 *   npx node --import tsx bench/knight-context.ts
 */
import { startKnights } from "../agents/knights/index.ts";
import { startHarness } from "../agents/knights/test-harness.ts";
import type { ScriptedTurn } from "../sandbox/models/index.ts";

const STEPS = 52;
const REPORT = [1, 5, 20, 50];

type Row = {
  seq: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_micros: string;
};

async function run(
  label: string,
  settings: { images?: number; window?: { max: number; keep: number } },
) {
  let calls = 0;
  const actions: ScriptedTurn[] = [
    { computer: [{ action: "left_click", coordinate: [400, 300] }] },
    { computer: [{ action: "type", text: "quarterly figures " }] },
    { computer: [{ action: "key", text: "Return" }] },
    {
      computer: [
        { action: "scroll", coordinate: [400, 300], scroll_direction: "down", scroll_amount: 2 },
      ],
    },
  ];
  const h = await startHarness({
    queue: "postgres",
    database: "pglite",
    brain: () => {
      calls += 1;
      return calls > STEPS ? { text: "Done." } : actions[calls % actions.length]!;
    },
  });
  const knights = await startKnights(h.deps({ ...settings, maxDesktopFailures: 5 }));
  try {
    const owner = await h.customer({ plan: "team" });
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "Copy the quarterly figures",
    });
    // The naive loop would hit the role's per-task budget long before step 50.
    await h.query("update public.tasks set budget_micros = null where id = $1", [taskId]);
    const task = await h.waitFor(taskId, ["succeeded", "failed", "waiting_for_input"], 300_000);
    if (task.status !== "succeeded")
      throw new Error(`${label}: task ${task.status}: ${task.error ?? task.question}`);
    const rows = await h.query<Row>(
      `select seq, input_tokens, cache_read_tokens, cache_write_tokens, cost_micros::text
         from public.task_steps where task_id = $1 order by seq`,
      [taskId],
    );
    console.log(`\n${label}`);
    console.log("step  prompt  uncached  cache_write  cache_read  cost_usd");
    for (const seq of REPORT) {
      const r = rows.find((row) => row.seq === seq)!;
      const prompt = r.input_tokens + r.cache_read_tokens + r.cache_write_tokens;
      console.log(
        `${String(seq).padStart(4)}  ${String(prompt).padStart(6)}  ${String(r.input_tokens).padStart(8)}  ${String(r.cache_write_tokens).padStart(11)}  ${String(r.cache_read_tokens).padStart(10)}  ${(Number(r.cost_micros) / 1e6).toFixed(4)}`,
      );
    }
    const at = (seq: number) => rows.find((r) => r.seq === seq)!;
    const prompt = (r: Row) => r.input_tokens + r.cache_read_tokens + r.cache_write_tokens;
    const billed = (r: Row) => r.input_tokens + r.cache_write_tokens;
    console.log(
      `step 50 vs step 5: prompt ${pct(prompt(at(50)), prompt(at(5)))}, uncached + cache-write ${pct(billed(at(50)), billed(at(5)))}, cost ${pct(Number(at(50).cost_micros), Number(at(5).cost_micros))}; task total $${(Number(task.cost_micros) / 1e6).toFixed(3)} for ${rows.length} steps`,
    );
  } finally {
    await knights.close();
    await h.close();
  }
}

function pct(a: number, b: number): string {
  const change = ((a - b) / b) * 100;
  return `${change >= 0 ? "+" : ""}${change.toFixed(1)}%`;
}

await run("knights as built (3 screenshots, 12/6 step window, prompt caching)", {});
await run("naive loop (every screenshot and step kept)", {
  images: 1_000,
  window: { max: 1_000, keep: 1_000 },
});
