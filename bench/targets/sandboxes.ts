/**
 * The model and Orgo sandboxes as a process of their own for the knight
 * rows, so their work (rendering screenshots, answering the model calls) is
 * neither charged to the worker process's CPU nor to its memory.
 *
 *   BENCH_STEPS=60 BENCH_BATCH=0 BENCH_MODEL_LATENCY_MS=0 BENCH_ORGO_LATENCY_MS=0 node --import tsx bench/targets/sandboxes.ts
 *
 * Prints one JSON line with the base URLs. `GET <orgo>/_bench/screenshots`
 * answers the number of screenshots taken so far; `POST <control>/load/reset`
 * and `GET <control>/load` measure this process's event loop over a window.
 */
import { Hono } from "hono";
import { listen } from "../../lib/http-server.ts";
import { startModelSandbox } from "../../sandbox/models/index.ts";
import { startOrgoSandbox } from "../../sandbox/orgo/index.ts";
import { createBenchBrain } from "../knights/scenario.ts";
import { watchLoop } from "../loop-load.ts";

import { BENCH_WORKSPACE_ID } from "./sandbox-ids.ts";

const models = await startModelSandbox({
  brain: createBenchBrain(Number(process.env.BENCH_STEPS ?? 60), {
    batch: process.env.BENCH_BATCH === "1",
  }),
});
models.sandbox.faults.setLatency(Number(process.env.BENCH_MODEL_LATENCY_MS ?? 0));
const orgo = await startOrgoSandbox({
  workspaces: [{ id: BENCH_WORKSPACE_ID, name: "bench" }],
  latencyMs: Number(process.env.BENCH_ORGO_LATENCY_MS ?? 0),
  // Long enough for any knight to fetch its screenshot (they do at once), short
  // enough that 200 knights' screenshots are not a heap of their own.
  screenshotUrlTtlMs: 10_000,
});
const loop = watchLoop();
const control = await listen(
  new Hono()
    .get("/screenshots", (c) => c.json({ count: orgo.sandbox.inspect.screenshotCount() }))
    .post("/load/reset", (c) => {
      loop.reset();
      return c.body(null, 204);
    })
    .get("/load", (c) => c.json(loop.read())),
);
console.log(
  JSON.stringify({
    anthropic: models.anthropicBaseURL,
    openai: models.openaiBaseURL,
    orgo: orgo.baseUrl,
    control: control.url,
  }),
);
const stop = () =>
  void Promise.allSettled([models.close(), orgo.close(), control.close()]).then(() =>
    process.exit(0),
  );
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
