/**
 * What one task replay costs to encode (agents/knights/replay): for a 20-step
 * and a 120-step task, the wall time and the CPU time of building the GIF
 * from the stored screenshots, in-process (`encodeReplay`) and as the replay
 * job runs it (`encodeReplayInThread`: a short-lived worker thread at the
 * lowest CPU priority). Not a row of `npm run bench`: a measurement to run on
 * its own.
 *
 *   node_modules/.bin/node --import ./runtime/register.js bench/replay-cost.ts [rounds]
 *
 * The frames are real 1280×720 sandbox desktop screenshots that change at
 * every step (typed text, Return), as a knight's do. CPU is this process's
 * (user + system, every thread), so the thread's work is counted too.
 */
import { cpus, loadavg } from "node:os";
import { encodeReplay, type ReplayFrame } from "../agents/knights/replay/encode.ts";
import { encodeReplayInThread } from "../agents/knights/replay/encode-thread.ts";
import { createOrgoClient } from "../agents/orgo/index.ts";
import { startOrgoSandbox } from "../sandbox/orgo/index.ts";
import { percentile } from "./stats.ts";

const ROUNDS = Number(process.argv[2] ?? 5);

async function framesOf(steps: number): Promise<ReplayFrame[]> {
  const orgo = await startOrgoSandbox();
  try {
    const client = createOrgoClient({ apiKey: "sk_sandbox", baseUrl: orgo.baseUrl });
    const workspaceId = await client.ensureWorkspace("replay-bench");
    const pc = await client.createComputer({ workspaceId, name: `replay-${steps}` });
    const frames: ReplayFrame[] = [];
    for (let step = 1; step <= steps; step++) {
      if (step % 3 === 0) await client.key(pc.id, "Return");
      else await client.type(pc.id, `step ${step} of the supplier research `);
      frames.push({
        image: orgo.sandbox.inspect.renderScreen(pc.id),
        caption: `Step ${step}: ${step % 3 === 0 ? "press Return" : "type text"}`,
        cursor: { x: 200 + ((step * 37) % 800), y: 150 + ((step * 23) % 400) },
      });
    }
    return frames;
  } finally {
    await orgo.close();
  }
}

async function measure(run: () => Promise<unknown> | unknown) {
  const walls: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run();
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
  }
  return { wall: percentile(walls, 50), cpu: percentile(cpuMs, 50) };
}

console.log(
  `replay encoder cost, median of ${ROUNDS} rounds; ${cpus()[0]?.model ?? "?"} × ${cpus().length}, load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  "| steps | frames | GIF | duration | in-process wall / CPU | worker thread wall / CPU |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const steps of [20, 120]) {
  const frames = await framesOf(steps);
  const replay = encodeReplay(frames)!;
  const inline = await measure(() => encodeReplay(frames));
  const thread = await measure(() => encodeReplayInThread(frames));
  console.log(
    `| ${steps} | ${replay.frames} | ${(replay.bytes.length / 1024).toFixed(0)} KB | ${(replay.durationMs / 1000).toFixed(1)} s | ${inline.wall.toFixed(0)} ms / ${inline.cpu.toFixed(0)} ms | ${thread.wall.toFixed(0)} ms / ${thread.cpu.toFixed(0)} ms |`,
  );
}
