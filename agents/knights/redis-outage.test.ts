/**
 * The queue's Redis goes away while customers approve work. A redis-server of
 * this test's own (the machine's Redis is shared with every other test) is
 * shut down with its data saved, stays down for REDIS_OUTAGE_MS (30 s, as the
 * knights issue asks), and comes back: every task approved meanwhile runs,
 * once, with no second VM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueKit, type QueueKit } from "../../queue/index.ts";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { freePort, testNamespace } from "../../testing/index.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_MS ?? 30_000);
const TASKS = 4;

/** A redis-server that keeps its data in `dir` across a shutdown, as a production Redis would. */
function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += String(chunk);
      if (output.includes("Ready to accept connections")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
}

function stopRedis(port: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    // SHUTDOWN SAVE writes dump.rdb, which the next start loads: stopped, not flushed.
    spawnSync("redis-cli", ["-p", String(port), "shutdown", "save"]);
  });
}

// Where Redis is the queue (REDIS_URL set, as in CI), this machine runs redis-server: the test needs the binary.
describe.runIf(process.env.REDIS_URL)("the queue's Redis stopped while tasks are approved", () => {
  const brain = createScriptedBrain({
    scenarios: [
      {
        name: "outage",
        match: "[scenario:outage]",
        steps: [
          { computer: [{ action: "left_click", coordinate: [200, 200] }] },
          { computer: [{ action: "type", text: "after the outage" }] },
          { text: "Done." },
        ],
      },
    ],
  });
  let h: Harness;
  let dir: string;
  let port: number;
  let redis: ChildProcess | undefined;
  let kit: QueueKit;
  let knights: RunningKnights | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mouse-redis-"));
    port = await freePort();
    redis = await startRedis(port, dir);
    h = await startHarness({ queue: "redis", database: "pglite", brain });
    kit = createQueueKit(
      { kind: "redis", url: `redis://127.0.0.1:${port}` },
      { namespace: testNamespace() },
    );
  });
  afterAll(async () => {
    await knights?.close();
    await kit?.close();
    if (redis && redis.exitCode === null) await stopRedis(port, redis);
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    `runs every task approved during a ${OUTAGE_MS / 1000} s outage once Redis is back`,
    async () => {
      knights = await startKnights(h.deps({ relayEveryMs: 1_000 }, kit));
      const owners = await Promise.all(Array.from({ length: TASKS }, () => h.customer()));

      await stopRedis(port, redis!);
      const outageStarted = Date.now();
      const taskIds: string[] = [];
      for (const [i, owner] of owners.entries())
        taskIds.push(
          await h.deploy(owner, { role: "researcher", task: `[scenario:outage] task ${i}` }, kit),
        );
      // Approved and recorded, though nothing could reach the queue.
      for (const id of taskIds) expect((await h.task(id)).status).toBe("queued");
      await new Promise((r) =>
        setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))),
      );
      for (const id of taskIds) expect((await h.task(id)).status).toBe("queued");

      redis = await startRedis(port, dir);
      for (const id of taskIds)
        expect((await h.waitFor(id, ["succeeded", "failed"], 90_000)).status).toBe("succeeded");

      // Each task's actions reached a desktop once, one VM per employee (each deploy made its own).
      const actions = h.orgo.inspect.actions();
      expect(actions.filter((a) => a.type === "click")).toHaveLength(TASKS);
      expect(actions.filter((a) => a.type === "type")).toHaveLength(TASKS);
      expect(h.orgo.inspect.computers()).toHaveLength(TASKS);
    },
    OUTAGE_MS + 150_000,
  );
});
