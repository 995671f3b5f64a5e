import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createConfig } from "../config/index.ts";
import { createLogger } from "../observability/index.ts";
import { testNamespace } from "../testing/index.ts";
import { startMouse } from "./index.ts";

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const quiet = createLogger({ level: "silent" });

describe("a whole Mouse process on embedded defaults", () => {
  it("answers /healthz at once and /readyz once the database and queue are up", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-start-"));
    const mouse = await startMouse({
      role: "all",
      config: createConfig({ DATA_DIR: dataDir, PORT: "0" }),
      logger: quiet,
      namespace: testNamespace(),
    });
    try {
      expect((await fetch(`${mouse.url}/healthz`)).status).toBe(200);
      await mouse.ready;
      const ready = await fetch(`${mouse.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: "ready",
        checks: { database: "ok", queue: "ok" },
      });
    } finally {
      await mouse.shutdown("test");
    }
    await expect(fetch(`${mouse.url}/healthz`)).rejects.toThrow();
  });

  it("says ready only once its routes answer: the webhook is mounted when /readyz first says 200", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-ready-"));
    const mouse = await startMouse({
      role: "all",
      config: createConfig({ DATA_DIR: dataDir, PORT: "0", PUBLIC_URL: "http://127.0.0.1:9" }),
      logger: quiet,
      namespace: testNamespace(),
    });
    try {
      await waitFor(async () =>
        (await fetch(`${mouse.url}/readyz`)).status === 200 ? true : undefined,
      );
      const webhook = await fetch(`${mouse.url}/telegram/webhook`, { method: "POST", body: "{}" });
      expect(webhook.status).toBe(401);
      await mouse.ready;
    } finally {
      await mouse.shutdown("test");
    }
  });

  it("finishes a running job on shutdown, and resumes one that outlives the drain on the next start", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-drain-"));
    const namespace = testNamespace();
    const config = createConfig({ DATA_DIR: dataDir, PORT: "0" });

    const first = await startMouse({
      role: "all",
      config,
      logger: quiet,
      namespace,
      drainMs: 5_000,
    });
    const { queues } = await first.ready;
    const quick = await queues.queue("maintenance").add("canary", { ms: 800 });
    await waitFor(async () => ((await quick.isActive()) ? true : undefined));
    await first.shutdown("SIGTERM");
    // The drain let the active job complete before the process stopped.
    const reopened = await startMouse({
      role: "worker",
      config,
      logger: quiet,
      namespace,
      drainMs: 200,
    });
    const again = await reopened.ready;
    const done = await again.queues.queue("maintenance").getJob(quick.id!);
    expect(await done?.getState()).toBe("completed");

    // A job longer than the drain is left, not lost: it is still there after
    // shutdown and completes once a worker runs again.
    const slow = await again.queues.queue("maintenance").add("canary", { ms: 1_500 });
    await waitFor(async () => ((await slow.isActive()) ? true : undefined));
    await reopened.shutdown("SIGTERM");

    const third = await startMouse({
      role: "worker",
      config,
      logger: quiet,
      namespace,
      workerOptions: { lockDuration: 1_000, stalledInterval: 500 },
    });
    const { queues: q3 } = await third.ready;
    try {
      const state = await waitFor(async () => {
        const s = await (await q3.queue("maintenance").getJob(slow.id!))?.getState();
        return s === "completed" ? s : undefined;
      });
      expect(state).toBe("completed");
    } finally {
      await third.shutdown("test");
    }
  });
});
