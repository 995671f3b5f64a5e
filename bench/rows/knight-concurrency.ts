/**
 * Knight concurrency: many knights at once on one worker process (this
 * one), each on its own customer and VM, with the model sandbox answering
 * after 3 s (a realistic computer-use call) and Orgo after 300 ms per call.
 * The sandboxes run in a child process of their own, so their CPU is not
 * the worker's; the worker's own CPU per step is judged (≤ 4 ms) and turned
 * into how many knights one worker core could carry at these latencies. Figure: steps per second in a
 * steady window against the ideal (every knight always waiting on the model
 * or Orgo, nothing else), and the worker's memory per knight. Baseline: the
 * ideal itself, computed from the latencies and the Orgo calls each step made.
 */
import { startKnightBench } from "../knights/setup.ts";
import type { LoopLoad } from "../loop-load.ts";
import { num, type Row } from "../report.ts";
import { percentile, sleep, waitUntil } from "../stats.ts";

const MODEL_MS = 3_000;
/** The worker CPU a step may cost (ms). */
const CPU_MS_PER_STEP = 4;
const ORGO_MS = 300;

const settings = {
  full: { knights: 200, warmupS: 20, windowS: 40 },
  quick: { knights: 10, warmupS: 4, windowS: 8 },
};

const mb = (bytes: number) => bytes / 2 ** 20;

export const knightConcurrencyRow: Row = {
  id: "knight-concurrency",
  name: "knight concurrency",
  target: `steps/s ≥ 90% of ideal at a ${MODEL_MS / 1_000} s model; worker CPU ≤ ${CPU_MS_PER_STEP} ms per step`,
  async run(ctx) {
    const { knights, warmupS, windowS } = settings[ctx.mode];
    // Enough steps that no task finishes inside the window.
    const steps = Math.ceil(((warmupS + windowS) * 1_000) / (MODEL_MS + 2 * ORGO_MS)) + 20;
    const bench = await startKnightBench({
      steps,
      modelLatencyMs: MODEL_MS,
      orgoLatencyMs: ORGO_MS,
      options: { concurrency: knights },
    });
    try {
      global.gc?.();
      const before = process.memoryUsage();
      ctx.log(`knight concurrency: deploying ${knights} knights`);
      for (let i = 0; i < knights; i++) await bench.deploy(i);
      const allRunning = await waitUntil(
        async () => ((await bench.statuses()).running ?? 0) >= knights,
        {
          timeoutMs: 120_000,
          everyMs: 250,
        },
      );
      if (!allRunning)
        throw new Error(`not all knights started: ${JSON.stringify(await bench.statuses())}`);
      ctx.log(`knight concurrency: all running; warming up ${warmupS} s, measuring ${windowS} s`);
      await sleep(warmupS * 1_000);
      await bench.load.reset();
      const start = {
        decided: bench.watch.decided.length,
        orgo: bench.watch.orgoCalls,
        externalMs: bench.watch.externalMs,
        at: performance.now(),
        cpu: process.cpuUsage(),
        calls: new Map([...bench.watch.durations].map(([kind, list]) => [kind, list.length])),
        data: new Map([...bench.dataTimes].map(([reason, t]) => [reason, { ...t }])),
      };
      let peak = process.memoryUsage();
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        if (now.rss > peak.rss) peak = now;
      }, 500);
      await sleep(windowS * 1_000);
      clearInterval(sampler);
      const load = await bench.load.read();
      // How long the calls took beyond their configured latency, at the median.
      const callDelays = [...bench.watch.durations]
        .map(([kind, list]) => ({ kind, window: list.slice(start.calls.get(kind) ?? 0) }))
        .filter(({ window }) => window.length >= 20)
        .map(({ kind, window }) => ({
          kind,
          calls: window.length,
          overMs: percentile(window, 50) - (kind === "model" ? MODEL_MS : ORGO_MS),
        }))
        .sort((a, b) => b.calls - a.calls);
      const dataWindow = [...bench.dataTimes]
        .map(([reason, t]) => {
          const before = start.data.get(reason) ?? { calls: 0, ms: 0 };
          return { reason, calls: t.calls - before.calls, ms: t.ms - before.ms };
        })
        .filter((t) => t.calls > 0)
        .sort((a, b) => b.ms - a.ms);
      // CPU this process spent per step: what bounds the rate here, and far less
      // sensitive than steps/s to other work on a shared machine.
      const cpu = process.cpuUsage(start.cpu);
      const during = process.memoryUsage();
      const seconds = (performance.now() - start.at) / 1_000;
      const stepsDone = bench.watch.decided.length - start.decided;
      const orgoPerStep = (bench.watch.orgoCalls - start.orgo) / Math.max(1, stepsDone);
      const perSecond = stepsDone / seconds;
      // Where a step's wall time went: waiting on the sandboxes' calls (their
      // latency plus any queueing in them or in this event loop) or elsewhere.
      const externalPerStep = (bench.watch.externalMs - start.externalMs) / Math.max(1, stepsDone);
      const stepMs = (knights * 1_000) / Math.max(perSecond, 1e-9);
      // Each step waits for one model call and `orgoPerStep` Orgo calls, one after another.
      const ideal = knights / ((MODEL_MS + orgoPerStep * ORGO_MS) / 1_000);
      const share = perSecond / ideal;
      const rssPerKnight = (mb(during.rss) - mb(before.rss)) / knights;
      const heapPerKnight = (mb(during.heapUsed) - mb(before.heapUsed)) / knights;
      // What the knights keep (their context, screenshots, sockets) rather than
      // what happened to be uncollected: the heap after a full collection, with
      // all of them still mid-task (\`npm run bench\` runs Node with --expose-gc).
      global.gc?.();
      const live = process.memoryUsage();
      const liveHeapPerKnight = global.gc
        ? (mb(live.heapUsed) - mb(before.heapUsed)) / knights
        : undefined;
      const stillRunning = (await bench.statuses()).running ?? 0;
      const cpuMsPerStep = (cpu.user + cpu.system) / 1_000 / Math.max(1, stepsDone);
      // Knights one core of this worker could keep stepping at these latencies, CPU-bound.
      const stepLatencyMs = MODEL_MS + orgoPerStep * ORGO_MS;
      const knightsPerCore = stepLatencyMs / Math.max(cpuMsPerStep, 1e-9);
      return {
        figure: `${num(perSecond, 1)} steps/s with ${knights} knights = ${num(share * 100, 1)}% of ideal; worker CPU ${num(cpuMsPerStep, 1)} ms per step (${num(knightsPerCore)} knights per worker core); ${num(rssPerKnight, 2)} MB RSS (${num(heapPerKnight, 2)} MB heap) per knight${liveHeapPerKnight === undefined ? "" : `, ${num(liveHeapPerKnight, 2)} MB of it live`}`,
        baseline: `ideal ${num(ideal, 1)} steps/s (model ${MODEL_MS} ms + ${num(orgoPerStep, 2)} Orgo calls × ${ORGO_MS} ms per step)`,
        ratio: share,
        ratioMeaning: "of ideal",
        pass: share >= 0.9 && cpuMsPerStep <= CPU_MS_PER_STEP && stillRunning === knights,
        metrics: {
          knights,
          stepsPerSecond: perSecond,
          idealStepsPerSecond: ideal,
          share,
          orgoCallsPerStep: orgoPerStep,
          windowSeconds: seconds,
          steps: stepsDone,
          rssBeforeMb: mb(before.rss),
          rssDuringMb: mb(during.rss),
          rssPeakMb: mb(peak.rss),
          heapBeforeMb: mb(before.heapUsed),
          heapDuringMb: mb(during.heapUsed),
          rssPerKnightMb: rssPerKnight,
          heapPerKnightMb: heapPerKnight,
          liveHeapPerKnightMb: liveHeapPerKnight ?? null,
          liveHeapMb: mb(live.heapUsed),
          liveExternalMb: mb(live.external),
          liveArrayBuffersMb: mb(live.arrayBuffers),
          rssAfterGcMb: mb(live.rss),
          externalBeforeMb: mb(before.external),
          stillRunning,
          cpuMsPerStep,
          knightsPerCore,
          stepMs,
          externalMsPerStep: externalPerStep,
          cpuUserMsPerStep: cpu.user / 1_000 / Math.max(1, stepsDone),
          cpuSystemMsPerStep: cpu.system / 1_000 / Math.max(1, stepsDone),
          database: bench.database,
          workerLoop: load.worker,
          sandboxLoop: load.sandboxes,
        },
        notes: [
          `worker CPU ${num(cpuMsPerStep, 1)} ms per step (${num(cpu.system / 1_000 / Math.max(1, stepsDone), 1)} ms of it in the kernel)`,
          `a step took ${num(stepMs)} ms: ${num(externalPerStep)} ms in model and Orgo calls (their latencies: ${num(MODEL_MS + orgoPerStep * ORGO_MS)} ms), ${num(stepMs - externalPerStep)} ms elsewhere`,
          `calls beyond their latency at the median: ${callDelays
            .map((c) => `${c.kind} +${num(c.overMs)} ms`)
            .join(", ")}`,
          `database round trips (wall time per step): ${dataWindow
            .slice(0, 5)
            .map(
              (t) =>
                `${t.reason.replace(/^knights: /, "")} ${num(t.ms / Math.max(1, stepsDone), 1)} ms (${num(t.calls / Math.max(1, stepsDone), 2)})`,
            )
            .join(", ")}`,
          `event loops: worker busy ${describeLoad(load.worker, seconds)}; sandboxes busy ${describeLoad(load.sandboxes, seconds)}`,
          `${bench.database}; queue ${process.env.REDIS_URL ? "BullMQ on Redis" : "BullMQ on Postgres"}; sandboxes in a child process; memory is this worker process's (RSS ${num(mb(before.rss))} → ${num(mb(during.rss))} MB)`,
        ],
      };
    } finally {
      await bench.close();
    }
  },
};

/** "62 % (CPU 0.71 cores), timers late by 3.1 ms on average, 19 ms at p99". */
function describeLoad(load: LoopLoad, seconds: number): string {
  return `${num(load.busy * 100)} % (CPU ${num(load.cpuMs / 1_000 / seconds, 2)} cores), timers late by ${num(load.delayMeanMs, 1)} ms on average, ${num(load.delayP99Ms)} ms at p99`;
}
