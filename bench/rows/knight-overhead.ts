/**
 * Knight overhead: what the platform adds to a step beyond the model and
 * Orgo, with both sandboxes answering at once (zero latency). One knight at
 * a time runs long tasks; each step's wall time (model decision to model
 * decision) minus the time spent inside model and Orgo calls is the
 * overhead. Baseline: a bare loop making the same calls with the same
 * clients (decide, act, screenshot) and nothing else.
 */
import {
  createAnthropicComputerProvider,
  createComputerModel,
  createOpenAIComputerProvider,
} from "../../agents/knights/index.ts";
import { createOrgoClient } from "../../agents/orgo/index.ts";
import { benchTask } from "../knights/scenario.ts";
import { type KnightBench, startKnightBench } from "../knights/setup.ts";
import { num, type Row } from "../report.ts";
import { percentile, waitUntil } from "../stats.ts";
import { BENCH_WORKSPACE_ID } from "../targets/sandbox-ids.ts";

const settings = { full: { tasks: 4, steps: 60 }, quick: { tasks: 1, steps: 12 } };

/** Per-step overhead (ms) of the tasks run one after another. */
async function platformSteps(bench: KnightBench, tasks: number, steps: number) {
  const overheads: number[] = [];
  const walls: number[] = [];
  for (let t = 0; t < tasks; t++) {
    const first = bench.watch.decisions.length;
    await bench.deploy(t);
    const done = await waitUntil(async () => ((await bench.statuses()).succeeded ?? 0) > t, {
      timeoutMs: 60_000 + steps * 2_000,
      everyMs: 50,
    });
    if (!done)
      throw new Error(`task ${t + 1} did not finish: ${JSON.stringify(await bench.statuses())}`);
    const d = bench.watch.decisions.slice(first);
    for (let i = 1; i < d.length; i++) {
      const wall = d[i]!.at - d[i - 1]!.at;
      walls.push(wall);
      overheads.push(wall - (d[i]!.externalMs - d[i - 1]!.externalMs));
    }
  }
  return { overheads, walls };
}

/** The same outside calls with nothing around them. */
async function bareLoop(urls: KnightBench["urls"], steps: number) {
  const orgo = createOrgoClient({
    apiKey: "sk_sandbox",
    baseUrl: urls.orgo,
    workspaceId: BENCH_WORKSPACE_ID,
  });
  const model = createComputerModel({
    providers: [
      createAnthropicComputerProvider({
        apiKey: "sk-ant-sandbox",
        baseURL: urls.anthropic,
        model: "claude-sonnet-4-6",
      }),
      createOpenAIComputerProvider({
        apiKey: "sk-openai-sandbox",
        baseURL: urls.openai,
        model: "gpt-5.1",
      }),
    ],
  });
  const computer = await orgo.createComputer({ name: "bench-bare-loop" });
  await orgo.waitForStatus(computer.id, ["running"], { pollMs: 10 });
  let shot = await orgo.screenshot(computer.id);
  const walls: number[] = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    const turn = await model.decide({
      system: "You operate a Linux desktop.",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: benchTask(1_000_000 + i) },
            { type: "image", mediaType: "image/png", data: shot.bytes.toString("base64") },
          ],
        },
      ],
      cacheBoundary: -1,
      display: { width: shot.width, height: shot.height },
    });
    const [x, y] = (turn.actions[0] as { coordinate?: [number, number] } | undefined)
      ?.coordinate ?? [100, 100];
    await orgo.click(computer.id, { x, y });
    shot = await orgo.screenshot(computer.id);
    walls.push(performance.now() - started);
  }
  return walls;
}

export const knightOverheadRow: Row = {
  id: "knight-overhead",
  name: "knight overhead",
  target: "platform time per step ≤ 0.3× the bare loop's step (p50, same run)",
  async run(ctx) {
    const { tasks, steps } = settings[ctx.mode];
    const bench = await startKnightBench({ steps, options: { concurrency: 1 } });
    try {
      ctx.log(`knight overhead: ${tasks} task(s) × ${steps} steps, one at a time`);
      const cpuBefore = process.cpuUsage();
      const ours = await platformSteps(bench, tasks, steps);
      const cpu = process.cpuUsage(cpuBefore);
      const decisions = bench.watch.decisions.length;
      // This process's CPU per step (knights and the model and Orgo clients; the sandboxes run elsewhere).
      const cpuMsPerStep = (cpu.user + cpu.system) / 1_000 / decisions;
      const perStep = [...bench.dataTimes.entries()]
        .filter(([reason]) => reason.startsWith("knights:"))
        .map(([reason, t]) => ({
          reason,
          msPerStep: t.ms / decisions,
          callsPerStep: t.calls / decisions,
        }))
        .sort((a, b) => b.msPerStep - a.msPerStep);
      ctx.log("knight overhead: baseline (bare loop)");
      const bare = await bareLoop(bench.urls, tasks * steps);
      const p50 = percentile(ours.overheads, 50);
      const p99 = percentile(ours.overheads, 99);
      const stepP50 = percentile(ours.walls, 50);
      const bareP50 = percentile(bare, 50);
      return {
        figure: `p50 ${num(p50, 1)} ms, p99 ${num(p99, 1)} ms added per step (step p50 ${num(stepP50, 1)} ms, ${num(ours.overheads.length)} steps)`,
        baseline: `bare decide+act+screenshot loop: step p50 ${num(bareP50, 1)} ms`,
        ratio: p50 / bareP50,
        ratioMeaning: `× the bare loop's step (p50; step ${num(stepP50 / bareP50, 2)}× the bare step; p99 overhead ${num(p99 / bareP50, 2)}×)`,
        pass: p50 <= 0.3 * bareP50,
        metrics: {
          overheadP50Ms: p50,
          overheadRatio: p50 / bareP50,
          overheadP90Ms: percentile(ours.overheads, 90),
          overheadP99Ms: p99,
          overheadMaxMs: Math.max(...ours.overheads),
          stepP50Ms: stepP50,
          stepP99Ms: percentile(ours.walls, 99),
          bareStepP50Ms: bareP50,
          bareStepP99Ms: percentile(bare, 99),
          samples: ours.overheads.length,
          cpuMsPerStep,
          transactionsPerStep: perStep,
          database: bench.database,
        },
        notes: [
          `worker CPU ${num(cpuMsPerStep, 1)} ms per step (knights and their model and Orgo clients)`,
          `database transactions per step: ${num(
            perStep.reduce((n, t) => n + t.callsPerStep, 0),
            1,
          )}, ${num(
            perStep.reduce((n, t) => n + t.msPerStep, 0),
            1,
          )} ms; slowest: ${perStep
            .slice(0, 4)
            .map((t) => `${t.reason.replace("knights: ", "")} ${num(t.msPerStep, 1)} ms`)
            .join(", ")}`,
          `${bench.database}; queue ${process.env.REDIS_URL ? "BullMQ on Redis" : "BullMQ on Postgres"}; model and Orgo sandboxes in a child process at zero latency`,
        ],
      };
    } finally {
      await bench.close();
    }
  },
};
